/**
 * Talks to a running n8n from the outside, as its owner, the way the editor and an API user do.
 *
 * Duty: set up the owner (or log in as it) and create an API key; then use the editor's REST API (session
 * cookie) for what only it offers — publication status of a workflow's triggers, the loaded node and
 * credential types — and the public API (`X-N8N-API-KEY`) for activation and finished executions with their
 * node output.
 *
 * Limits: n8n 2.40.7, 2.41 and 1.123 as measured here; one owner per instance; no editing of workflows (import
 * them instead). Activation is asynchronous in 2.x (a publication outbox): `activateWorkflow` waits until every
 * trigger reports in. 1.x has no publication status; its activate call returns once the triggers are live (or
 * answers 400 with the reason). An execution is saved a moment after a webhook answers, so `waitForExecutions`
 * polls.
 */
import { sleep } from './processes';

/** The owner every runner-started n8n gets; the browser test logs in with it. */
export const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-pass1',
} as const;

// The auth cookie is bound to the browser-id sent at login; any constant works as long as it never changes.
const BROWSER_ID = 'n8n-e2e-runner';

export type ExecutionStatus =
	| 'canceled'
	| 'crashed'
	| 'error'
	| 'new'
	| 'running'
	| 'success'
	| 'unknown'
	| 'waiting';

export interface NodeRun {
	executionStatus?: string;
	executionTime?: number;
	error?: { message?: string; description?: string; [key: string]: unknown };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

export interface Execution {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	finished: boolean;
	mode: string;
	startedAt: string;
	stoppedAt: string | null;
	/** Only with `includeData`. */
	data?: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			lastNodeExecuted?: string;
			error?: {
				message?: string;
				description?: string;
				node?: { name?: string };
				[key: string]: unknown;
			};
		};
	};
}

export interface PublicationStatus {
	status: 'published' | 'partial' | 'failed' | 'in_progress' | 'not_published';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export class N8nApi {
	private constructor(
		readonly url: string,
		private readonly cookie: string,
		readonly apiKey: string,
		/** n8n's major version: what differs between 1.x and 2.x keys on it. */
		readonly n8nMajor: number,
	) {}

	/** Owner setup on a fresh instance, login on one whose owner exists already; then a fresh API key. */
	static async connect(url: string, n8nMajor = 2, timeoutMs = 60_000): Promise<N8nApi> {
		// n8n 1.x reports ready (and listens) before it has mounted its REST routes: 404 until then.
		const deadline = Date.now() + timeoutMs;
		let response = await fetch(`${url}/rest/owner/setup`, jsonInit('POST', OWNER));
		while (response.status === 404 && Date.now() < deadline) {
			await response.text();
			await sleep(250);
			response = await fetch(`${url}/rest/owner/setup`, jsonInit('POST', OWNER));
		}
		if (!response.ok) {
			await response.text();
			response = await fetch(
				`${url}/rest/login`,
				jsonInit('POST', { emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			);
		}
		if (!response.ok)
			throw new Error(
				`n8n owner setup and login both failed: ${response.status} ${await response.text()}`,
			);
		await response.text();
		const cookie = response.headers
			.getSetCookie()
			.map((line) => line.split(';')[0])
			.find((pair) => pair.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n login returned no n8n-auth cookie');
		const withCookie = new N8nApi(url, cookie, '', n8nMajor);
		// Every scope the owner may grant: tests read executions, activate workflows and more.
		const scopes = await withCookie.rest<string[]>('GET', '/rest/api-keys/scopes');
		const created = await withCookie.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', {
			label: `e2e runner ${Date.now()}`,
			expiresAt: null,
			scopes,
		});
		return new N8nApi(url, cookie, created.rawApiKey, n8nMajor);
	}

	/** The editor's REST API, as the logged-in owner; unwraps n8n's `{ data }` envelope. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(
			`${this.url}${path}`,
			jsonInit(method, body, { cookie: this.cookie }),
		);
		const parsed = await readJson(response, `${method} ${path}`);
		return (parsed as { data: T }).data;
	}

	/** The public API under /api/v1, with the API key. Returns the body as is. */
	async publicApi<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(
			`${this.url}/api/v1${path}`,
			jsonInit(method, body, { 'x-n8n-api-key': this.apiKey }),
		);
		return (await readJson(response, `${method} /api/v1${path}`)) as T;
	}

	/**
	 * Publishes (activates) a workflow and waits until each of its triggers is live. Rejects with n8n's own
	 * messages when a trigger fails to activate (an unknown node type, a bad credential, a port in use...).
	 */
	async activateWorkflow(workflowId: string, timeoutMs = 30_000): Promise<PublicationStatus> {
		await this.publicApi('POST', `/workflows/${encodeURIComponent(workflowId)}/activate`);
		// 1.x activates before it answers, and answers 400 with n8n's reason when a trigger fails.
		if (this.n8nMajor < 2) return { status: 'published', triggers: [] };
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.publicationStatus(workflowId);
			if (status.status === 'published') return status;
			if (status.status === 'failed' || status.status === 'partial') {
				const reasons = status.triggers
					.filter((trigger) => trigger.errorMessage)
					.map((trigger) => `${trigger.nodeId}: ${trigger.errorMessage}`);
				throw new Error(
					`workflow ${workflowId} did not activate (${status.status}): ${reasons.join('; ')}`,
				);
			}
			if (Date.now() > deadline)
				throw new Error(`workflow ${workflowId} still ${status.status} after ${timeoutMs} ms`);
			await sleep(100);
		}
	}

	/** n8n 2.x only (1.x activates synchronously and has no such endpoint). */
	async publicationStatus(workflowId: string): Promise<PublicationStatus> {
		return await this.rest<PublicationStatus>(
			'GET',
			`/rest/workflows/${encodeURIComponent(workflowId)}/publication-status`,
		);
	}

	/** Names of every node type and credential type this n8n has loaded (~18 MB of descriptions fetched). */
	async knownTypes(): Promise<{ nodes: string[]; credentials: string[] }> {
		const get = async (file: string) => {
			const response = await fetch(`${this.url}/types/${file}`, {
				headers: { cookie: this.cookie, 'browser-id': BROWSER_ID },
			});
			const list = (await readJson(response, `GET /types/${file}`)) as Array<{ name: string }>;
			return list.map((entry) => entry.name);
		};
		return { nodes: await get('nodes.json'), credentials: await get('credentials.json') };
	}

	/** Newest first, as n8n lists them. */
	async listExecutions(
		query: {
			workflowId?: string;
			status?: ExecutionStatus;
			limit?: number;
			includeData?: boolean;
		} = {},
	): Promise<Execution[]> {
		const params = new URLSearchParams();
		if (query.workflowId) params.set('workflowId', query.workflowId);
		if (query.status) params.set('status', query.status);
		params.set('limit', String(query.limit ?? 100));
		if (query.includeData) params.set('includeData', 'true');
		const page = await this.publicApi<{ data: Execution[] }>('GET', `/executions?${params}`);
		return page.data;
	}

	/** One execution with its data (every node's input, output and error). */
	async getExecution(id: string): Promise<Execution> {
		return await this.publicApi<Execution>(
			'GET',
			`/executions/${encodeURIComponent(id)}?includeData=true`,
		);
	}

	/** Waits until at least `count` executions of the workflow have finished (any end status), newest first. */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 30_000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.listExecutions({ workflowId, includeData: true })).filter(
				(execution) => !['new', 'running', 'waiting'].includes(execution.status),
			);
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(
					`only ${done.length} of ${count} executions of workflow ${workflowId} finished within ${timeoutMs} ms`,
				);
			}
			await sleep(200);
		}
	}
}

/** The items (their `json`) a node put out in an execution: its last run, first output unless told. */
export function nodeOutput(
	execution: Execution,
	nodeName: string,
	output = 0,
	run = -1,
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs || runs.length === 0) {
		throw new Error(
			`node "${nodeName}" did not run in execution ${execution.id} (ran: ${Object.keys(execution.data?.resultData.runData ?? {}).join(', ') || 'nothing'}; is includeData on?)`,
		);
	}
	const chosen = runs.at(run);
	return (chosen?.data?.main?.[output] ?? []).map((item) => item.json);
}

function jsonInit(
	method: string,
	body: unknown,
	headers: Record<string, string> = {},
): RequestInit {
	return {
		method,
		headers: {
			'browser-id': BROWSER_ID,
			accept: 'application/json',
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	};
}

async function readJson(response: Response, what: string): Promise<unknown> {
	const text = await response.text();
	if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 2000)}`);
	return text === '' ? undefined : JSON.parse(text);
}
