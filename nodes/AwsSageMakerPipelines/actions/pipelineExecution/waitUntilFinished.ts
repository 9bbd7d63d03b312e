/**
 * The "Wait Until Finished" choice of Start and Retry: its fields, reading them, and turning
 * the wait's outcome into the item (the final status) or an error (timed out).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkInteger } from '../../../shared/validation';
import { waitForExecution, WAIT_LIMITS } from '../../helpers/waitForExecution';
import { executionJson } from './executionData';

type DisplayOptions = INodeProperties['displayOptions'];

export function waitFields(displayOptions: DisplayOptions): INodeProperties[] {
	const whenWaiting = { show: { ...displayOptions?.show, waitUntilFinished: [true] } };
	return [
		{
			displayName: 'Wait Until Finished',
			name: 'waitUntilFinished',
			type: 'boolean',
			default: false,
			description:
				'Whether to poll the execution until it Succeeded, Failed or Stopped and output its final status. While it waits, the item holds one of the "Max Concurrent Requests" slots.',
			displayOptions,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: WAIT_LIMITS.pollIntervalSeconds.min, maxValue: WAIT_LIMITS.pollIntervalSeconds.max },
			default: 30,
			description: 'How long to wait between two status checks (each is one DescribePipelineExecution request)',
			displayOptions: whenWaiting,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			typeOptions: { minValue: WAIT_LIMITS.timeoutSeconds.min, maxValue: WAIT_LIMITS.timeoutSeconds.max },
			default: 3600,
			description:
				'How long to wait at most. When it passes, the item fails with the last status seen; the execution keeps running in SageMaker.',
			displayOptions: whenWaiting,
		},
	];
}

export interface WaitSettings {
	pollIntervalMs: number;
	timeoutMs: number;
}

/** undefined when the user does not want to wait. */
export function readWaitSettings(this: IExecuteFunctions, itemIndex: number): WaitSettings | undefined {
	if (!(this.getNodeParameter('waitUntilFinished', itemIndex, false) as boolean)) return undefined;
	const { pollIntervalSeconds, timeoutSeconds } = WAIT_LIMITS;
	const interval = this.getNodeParameter('pollInterval', itemIndex, pollIntervalSeconds.default);
	const timeout = this.getNodeParameter('waitTimeout', itemIndex, timeoutSeconds.default);
	return {
		pollIntervalMs: checkInteger('Poll Interval (Seconds)', interval, pollIntervalSeconds.min, pollIntervalSeconds.max) * 1000,
		timeoutMs: checkInteger('Timeout (Seconds)', timeout, timeoutSeconds.min, timeoutSeconds.max) * 1000,
	};
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
	const result = await waitForExecution(client, arn, { ...settings, signal: this.getExecutionCancelSignal(), changedAfter });
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
	return { ...started, ...executionJson(result.execution, arn), awsRequestId: started.awsRequestId };
}
