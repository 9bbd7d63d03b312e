import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkMaxParallelExecutionSteps, checkPipelineExecutionArn } from '../../../shared/validation';
import { callRetryingConflict } from '../../helpers/conflictRetry';
import { TERMINAL_STATUSES, type DescribedExecution } from '../../helpers/waitForExecution';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import {
	maxParallelExecutionStepsOption,
	pipelineClientRequestTokenOption,
	pipelineExecutionArnField,
	readClientRequestToken,
} from './descriptions';
import { actedOn } from './executionData';
import { finishWaiting, readWaitSettings, waitFields } from './waitUntilFinished';

const OPERATION = 'RetryPipelineExecution';
const displayOptions = showFor('pipelineExecution', 'retry');

export const description: INodeProperties[] = [
	pipelineExecutionArnField(displayOptions),
	...waitFields(displayOptions),
	optionsField(displayOptions, [pipelineClientRequestTokenOption, maxConcurrentRequestsOption, maxParallelExecutionStepsOption]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const pipelineExecutionArn = checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as { clientRequestToken?: string; maxParallelExecutionSteps?: number };
	const parallelism =
		options.maxParallelExecutionSteps === undefined ? undefined : checkMaxParallelExecutionSteps(options.maxParallelExecutionSteps);
	const wait = readWaitSettings.call(this, itemIndex);
	const clientRequestToken = readClientRequestToken.call(this, itemIndex, OPERATION, options.clientRequestToken);

	// Right after a retry Describe may still say Failed; the wait needs the "before" to tell.
	let changedAfter: number | undefined;
	if (wait) {
		const { output: before } = await client.call<DescribedExecution>({
			service: 'sagemaker',
			operation: 'DescribePipelineExecution',
			input: { PipelineExecutionArn: pipelineExecutionArn },
		});
		if (TERMINAL_STATUSES.includes(before.PipelineExecutionStatus ?? '')) changedAfter = before.LastModifiedTime ?? 0;
	}
	const response = await callRetryingConflict<{ PipelineExecutionArn?: string }>(client, {
		service: 'sagemaker',
		operation: OPERATION,
		input: {
			PipelineExecutionArn: pipelineExecutionArn,
			ClientRequestToken: clientRequestToken,
			...(parallelism ? { ParallelismConfiguration: { MaxParallelExecutionSteps: parallelism } } : {}),
		},
	});
	const retried = actedOn(response, pipelineExecutionArn, clientRequestToken);
	return wait ? await finishWaiting.call(this, itemIndex, client, retried, wait, changedAfter) : retried;
}
