/**
 * What n8n recorded, per callback token: every execution of a workflow (paged through the public API with its
 * data), reduced to the token and receive count the trigger put out and how the execution ended. This is the
 * user's view of "did this message come back, and how often did it run".
 *
 * Limits: an execution lost with a killed worker is saved by n8n with empty data, so it has no token here;
 * the trigger's log line names its SQS message instead.
 */
import { CALLBACK_TRIGGER_NAME, type Execution, type N8nApi } from '../e2e/runner';

export interface TokenRun {
	executionId: string;
	status: Execution['status'];
	token?: string;
	/** The SQS message it ran for. */
	messageId?: string;
	receiveCount?: number;
	/** n8n's message for a failed execution. */
	error?: string;
}

interface Page {
	data: Execution[];
	nextCursor: string | null;
}

/** Every execution of the workflow, oldest first. */
export async function tokenRuns(api: N8nApi, workflowId: string): Promise<TokenRun[]> {
	const runs: TokenRun[] = [];
	let cursor: string | null = null;
	do {
		const query = new URLSearchParams({ workflowId, includeData: 'true', limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page: Page = await api.publicApi<Page>('GET', `/executions?${query}`);
		for (const execution of page.data) {
			const error = execution.data?.resultData.error?.message;
			runs.push({
				executionId: String(execution.id),
				status: execution.status,
				...triggerItem(execution),
				...(error ? { error } : {}),
			});
		}
		cursor = page.nextCursor;
	} while (cursor);
	return runs.sort((a, b) => Number(a.executionId) - Number(b.executionId));
}

/** Runs grouped by token. */
export function byToken(runs: TokenRun[]): Map<string, TokenRun[]> {
	const grouped = new Map<string, TokenRun[]>();
	for (const run of runs) {
		if (run.token === undefined) continue;
		grouped.set(run.token, [...(grouped.get(run.token) ?? []), run]);
	}
	return grouped;
}

function triggerItem(execution: Execution): Pick<TokenRun, 'token' | 'messageId' | 'receiveCount'> {
	const json =
		execution.data?.resultData.runData[CALLBACK_TRIGGER_NAME]?.at(-1)?.data?.main?.[0]?.[0]?.json;
	if (!json) return {};
	return {
		token: typeof json.token === 'string' ? json.token : undefined,
		messageId: typeof json.messageId === 'string' ? json.messageId : undefined,
		receiveCount: typeof json.receiveCount === 'number' ? json.receiveCount : undefined,
	};
}
