import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkPipelineExecutionArn } from '../../../shared/validation';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { pipelineExecutionArnField, readLimit, returnAllFields, sortOrderOption } from './descriptions';
import { listExecutionSteps, stepJson } from './executionData';

const displayOptions = showFor('pipelineExecution', 'listSteps');

export const description: INodeProperties[] = [
	pipelineExecutionArnField(displayOptions),
	...returnAllFields(displayOptions),
	optionsField(displayOptions, [
		maxConcurrentRequestsOption,
		sortOrderOption({ descending: 'Latest Started First', ascending: 'First Started First' }, 'By the time each step started'),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject[]> {
	const pipelineExecutionArn = checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex));
	const limit = readLimit.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { sortOrder?: string };
	const steps = await listExecutionSteps(client, pipelineExecutionArn, { limit, sortOrder: options.sortOrder ?? 'Descending' });
	return steps.map((step) => stepJson(step, pipelineExecutionArn));
}
