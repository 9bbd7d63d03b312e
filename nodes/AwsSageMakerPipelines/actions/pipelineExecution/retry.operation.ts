import type { INodeProperties } from 'n8n-workflow';

import { checkMaxParallelExecutionSteps } from '../../../shared/validation';
import { retryPipelineExecution } from '../../sagemaker';
import {
	pipelineClientRequestTokenOption,
	runScopedClientRequestToken,
} from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import {
	maxParallelExecutionStepsOption,
	pipelineExecutionArnField,
	readPipelineExecutionArn,
} from './descriptions';
import { actedOn } from './executionItem';
import { finishedAt, finishWaiting, readWaitSettings, waitFields } from './waitUntilFinished';

export const option = {
	name: 'Retry',
	value: 'retry',
	action: 'Retry a pipeline execution',
	description: 'Run the failed or stopped steps of an execution again',
};
export const subtitle = 'Retry Execution';

export const properties: INodeProperties[] = [
	pipelineExecutionArnField,
	...waitFields,
	optionsField([
		pipelineClientRequestTokenOption,
		maxConcurrentRequestsOption,
		maxParallelExecutionStepsOption,
	]),
];

export const execute: OperationExecute = async function (itemIndex, client) {
	const pipelineExecutionArn = readPipelineExecutionArn.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		clientRequestToken?: string;
		maxParallelExecutionSteps?: number;
	};
	const maxParallelExecutionSteps =
		options.maxParallelExecutionSteps === undefined
			? undefined
			: checkMaxParallelExecutionSteps(options.maxParallelExecutionSteps);
	const wait = readWaitSettings.call(this, itemIndex);
	const clientRequestToken = runScopedClientRequestToken.call(
		this,
		itemIndex,
		'RetryPipelineExecution',
		options.clientRequestToken,
	);

	// Right after a retry Describe may still say Failed; the wait needs the "before" to tell.
	const changedAfter = wait ? await finishedAt(client, pipelineExecutionArn) : undefined;
	const response = await retryPipelineExecution(client, {
		pipelineExecutionArn,
		clientRequestToken,
		maxParallelExecutionSteps,
	});
	const retried = actedOn(response, pipelineExecutionArn, clientRequestToken);
	return wait
		? await finishWaiting.call(this, itemIndex, client, retried, wait, changedAfter)
		: retried;
};
