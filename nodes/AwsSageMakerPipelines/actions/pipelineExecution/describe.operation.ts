import type { INodeProperties } from 'n8n-workflow';

import { nameValueObject } from '../../helpers/awsOutput';
import { describePipelineExecution, listPipelineParametersForExecution } from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import { pipelineExecutionArnField, readPipelineExecutionArn } from './descriptions';
import { executionJson } from './executionItem';

export const option = {
	name: 'Describe',
	value: 'describe',
	action: 'Describe a pipeline execution',
	description: 'Get the status, failure reason, times and parameters of an execution',
};
export const subtitle = 'Describe Execution';

export const properties: INodeProperties[] = [
	pipelineExecutionArnField,
	optionsField([
		{
			displayName: 'Include Parameters',
			name: 'includeParameters',
			type: 'boolean',
			default: true,
			description:
				'Whether to add the parameter values the execution runs with (one more request, ListPipelineParametersForExecution, which the IAM policy must allow)',
		},
		maxConcurrentRequestsOption,
	]),
];

export const execute: OperationExecute = async function (itemIndex, client) {
	const pipelineExecutionArn = readPipelineExecutionArn.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		includeParameters?: boolean;
	};
	const { output, requestId } = await describePipelineExecution(client, pipelineExecutionArn);
	const json = executionJson(output, pipelineExecutionArn, requestId);
	if (!(options.includeParameters ?? true)) return json;
	const parameters = await listPipelineParametersForExecution(client, pipelineExecutionArn);
	return { ...json, pipelineParameters: nameValueObject(parameters) };
};
