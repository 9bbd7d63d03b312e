/**
 * "Wait until finished": polls DescribePipelineExecution at a fixed interval until the execution
 * is Succeeded, Failed or Stopped, or the timeout passes. Only this item waits; the router keeps
 * running the other items in their own slots. Sleeps in short slices so a cancelled n8n
 * execution stops polling within a second. Bounds are ours, not AWS's: a pipeline that runs
 * for days is better followed by a callback step or a schedule than by a held-open execution.
 */
import { sleep } from 'n8n-workflow';

import type { AwsClient } from '../../shared/transport/awsRequest';

export const WAIT_LIMITS = {
	pollIntervalSeconds: { min: 1, max: 3600, default: 30 },
	timeoutSeconds: { min: 1, max: 86_400, default: 3600 },
} as const;

export const TERMINAL_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Stopped'];

/** The members of DescribePipelineExecution the wait looks at; the rest is passed through. */
export interface DescribedExecution {
	PipelineExecutionStatus?: string;
	LastModifiedTime?: number;
	[member: string]: unknown;
}

export interface WaitOptions {
	pollIntervalMs: number;
	timeoutMs: number;
	signal?: AbortSignal;
	/**
	 * After a retry, Describe may still show the old Failed/Stopped for a moment. A terminal status
	 * counts once the execution was seen running, or was modified after this time (epoch s,
	 * SageMaker's own clock, so the two clocks never get compared), or is still the same after
	 * STALE_POLLS polls (a repeated retry that SageMaker answered from its idempotency record).
	 */
	changedAfter?: number;
}

export interface WaitResult {
	execution: DescribedExecution;
	requestId?: string;
	finished: boolean;
	polls: number;
}

const SLICE_MS = 1000;
const STALE_POLLS = 3;

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) {
		await sleep(Math.min(SLICE_MS, left));
	}
}

export async function waitForExecution(client: AwsClient, pipelineExecutionArn: string, options: WaitOptions): Promise<WaitResult> {
	const deadline = Date.now() + options.timeoutMs;
	let seenRunning = options.changedAfter === undefined;
	for (let polls = 1; ; polls++) {
		const { output, requestId } = await client.call<DescribedExecution>({
			service: 'sagemaker',
			operation: 'DescribePipelineExecution',
			input: { PipelineExecutionArn: pipelineExecutionArn },
			signal: options.signal,
		});
		const status = output.PipelineExecutionStatus ?? '';
		const terminal = TERMINAL_STATUSES.includes(status);
		if (!terminal) seenRunning = true;
		const changed = seenRunning || (output.LastModifiedTime ?? 0) > (options.changedAfter ?? 0);
		if (terminal && (changed || polls >= STALE_POLLS)) return { execution: output, requestId, finished: true, polls };
		const left = deadline - Date.now();
		if (left <= 0 || options.signal?.aborted) return { execution: output, requestId, finished: false, polls };
		await pause(Math.min(options.pollIntervalMs, left), options.signal);
	}
}
