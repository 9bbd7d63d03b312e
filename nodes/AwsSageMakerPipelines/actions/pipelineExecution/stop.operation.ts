import type { INodeProperties } from 'n8n-workflow';

import { stopPipelineExecution } from '../../sagemaker';
import {
	pipelineClientRequestTokenOption,
	runScopedClientRequestToken,
} from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import { pipelineExecutionArnField, readPipelineExecutionArn } from './descriptions';
import { actedOn } from './executionItem';

export const option = {
	name: 'Stop',
	value: 'stop',
	action: 'Stop a pipeline execution',
	description: 'Stop a running execution (callback steps must still be completed)',
};
export const subtitle = 'Stop Execution';

export const properties: INodeProperties[] = [
	pipelineExecutionArnField,
	optionsField([pipelineClientRequestTokenOption, maxConcurrentRequestsOption]),
];

export const execute: OperationExecute = async function (itemIndex, client) {
	const pipelineExecutionArn = readPipelineExecutionArn.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		clientRequestToken?: string;
	};
	const clientRequestToken = runScopedClientRequestToken.call(
		this,
		itemIndex,
		'StopPipelineExecution',
		options.clientRequestToken,
	);
	const response = await stopPipelineExecution(client, {
		pipelineExecutionArn,
		clientRequestToken,
	});
	return actedOn(response, pipelineExecutionArn, clientRequestToken);
};
