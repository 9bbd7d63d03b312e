/**
 * The "Wait Until Finished" choice of Start and Retry: its fields, reading them, polling
 * DescribePipelineExecution at a fixed interval until the execution is Succeeded, Failed or Stopped
 * or the timeout passes, and turning the outcome into the item (the final status) or an error (timed
 * out). Only this item waits; the router keeps running the other items in their own slots. Sleeps
 * in short slices so a cancelled n8n execution stops polling within a second. Bounds are ours, not
 * AWS's: a pipeline that runs for days is better followed by a callback step or a schedule than by
 * a held-open execution.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkInteger } from '../../../shared/validation';
import { describePipelineExecution, type DescribedExecution } from '../../sagemaker';
import { executionJson } from './executionItem';

export const WAIT_LIMITS = {
	pollIntervalSeconds: { min: 1, max: 3600, default: 30 },
	timeoutSeconds: { min: 1, max: 86_400, default: 3600 },
} as const;

const TERMINAL_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Stopped'];

const whenWaiting = { show: { waitUntilFinished: [true] } };

export const waitFields: INodeProperties[] = [
	{
		displayName: 'Wait Until Finished',
		name: 'waitUntilFinished',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll the execution until it Succeeded, Failed or Stopped and output its final status. While it waits, the item holds one of the "Max Concurrent Requests" slots.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: {
			minValue: WAIT_LIMITS.pollIntervalSeconds.min,
			maxValue: WAIT_LIMITS.pollIntervalSeconds.max,
		},
		default: 30,
		description:
			'How long to wait between two status checks (each is one DescribePipelineExecution request)',
		displayOptions: whenWaiting,
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: {
			minValue: WAIT_LIMITS.timeoutSeconds.min,
			maxValue: WAIT_LIMITS.timeoutSeconds.max,
		},
		default: 3600,
		description:
			'How long to wait at most. When it passes, the item fails with the last status seen; the execution keeps running in SageMaker.',
		displayOptions: whenWaiting,
	},
];

export interface WaitSettings {
	pollIntervalMs: number;
	timeoutMs: number;
}

/** undefined when the user does not want to wait. */
export function readWaitSettings(
	this: IExecuteFunctions,
	itemIndex: number,
): WaitSettings | undefined {
	if (!(this.getNodeParameter('waitUntilFinished', itemIndex, false) as boolean)) return undefined;
	const { pollIntervalSeconds, timeoutSeconds } = WAIT_LIMITS;
	const interval = this.getNodeParameter('pollInterval', itemIndex, pollIntervalSeconds.default);
	const timeout = this.getNodeParameter('waitTimeout', itemIndex, timeoutSeconds.default);
	return {
		pollIntervalMs:
			checkInteger(
				'Poll Interval (Seconds)',
				interval,
				pollIntervalSeconds.min,
				pollIntervalSeconds.max,
			) * 1000,
		timeoutMs:
			checkInteger('Timeout (Seconds)', timeout, timeoutSeconds.min, timeoutSeconds.max) * 1000,
	};
}

/**
 * Before a retry: when the execution has finished (Failed or Stopped), its LastModifiedTime, so the wait
 * can tell the old status from the new one; undefined while it still runs.
 */
export async function finishedAt(
	client: AwsClient,
	pipelineExecutionArn: string,
): Promise<number | undefined> {
	const { output } = await describePipelineExecution(client, pipelineExecutionArn);
	return TERMINAL_STATUSES.includes(output.PipelineExecutionStatus ?? '')
		? (output.LastModifiedTime ?? 0)
		: undefined;
}

interface PollOptions extends WaitSettings {
	signal?: AbortSignal;
	/**
	 * After a retry, Describe may still show the old Failed/Stopped for a moment. A terminal status
	 * counts once the execution was seen running, or was modified after this time (epoch s,
	 * SageMaker's own clock, so the two clocks never get compared), or is still the same after
	 * STALE_POLLS polls (a repeated retry that SageMaker answered from its idempotency record).
	 */
	changedAfter?: number;
}

interface PollResult {
	execution: DescribedExecution;
	finished: boolean;
}

const SLICE_MS = 1000;
const STALE_POLLS = 3;

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) {
		await sleep(Math.min(SLICE_MS, left));
	}
}

async function poll(
	client: AwsClient,
	pipelineExecutionArn: string,
	options: PollOptions,
): Promise<PollResult> {
	const deadline = Date.now() + options.timeoutMs;
	let seenRunning = options.changedAfter === undefined;
	for (let polls = 1; ; polls++) {
		const { output } = await describePipelineExecution(
			client,
			pipelineExecutionArn,
			options.signal,
		);
		const status = output.PipelineExecutionStatus ?? '';
		const terminal = TERMINAL_STATUSES.includes(status);
		if (!terminal) seenRunning = true;
		const changed = seenRunning || (output.LastModifiedTime ?? 0) > (options.changedAfter ?? 0);
		if (terminal && (changed || polls >= STALE_POLLS)) return { execution: output, finished: true };
		const left = deadline - Date.now();
		if (left <= 0 || options.signal?.aborted) return { execution: output, finished: false };
		await pause(Math.min(options.pollIntervalMs, left), options.signal);
	}
}

/**
 * Waits for the execution in `started` (the item Start or Retry made) and returns that item with
 * the final Describe on top; throws when the timeout passes first.
 */
export async function finishWaiting(
	this: IExecuteFunctions,
	itemIndex: number,
	client: AwsClient,
	started: IDataObject & { pipelineExecutionArn: string },
	settings: WaitSettings,
	changedAfter?: number,
): Promise<IDataObject> {
	const arn = started.pipelineExecutionArn;
	const result = await poll(client, arn, {
		...settings,
		signal: this.getExecutionCancelSignal(),
		changedAfter,
	});
	const status = result.execution.PipelineExecutionStatus ?? 'unknown';
	if (!result.finished) {
		throw new NodeOperationError(
			this.getNode(),
			`The pipeline execution did not finish within ${settings.timeoutMs / 1000} s (last status: ${status})`,
			{
				itemIndex,
				description: `It keeps running in SageMaker. Raise "Timeout (Seconds)", or check on it later with Describe Pipeline Execution: ${arn}`,
			},
		);
	}
	// Start's own request id stays: it is the one that identifies what this node did.
	return {
		...started,
		...executionJson(result.execution, arn),
		awsRequestId: started.awsRequestId,
	};
}
