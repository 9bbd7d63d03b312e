import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkPipelineExecutionArn } from '../../../shared/validation';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { pipelineExecutionArnField } from './descriptions';
import { describeExecution } from './executionData';

const displayOptions = showFor('pipelineExecution', 'describe');

export const description: INodeProperties[] = [
	pipelineExecutionArnField(displayOptions),
	optionsField(displayOptions, [
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

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const pipelineExecutionArn = checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as { includeParameters?: boolean };
	return await describeExecution(client, pipelineExecutionArn, { includeParameters: options.includeParameters ?? true });
}
