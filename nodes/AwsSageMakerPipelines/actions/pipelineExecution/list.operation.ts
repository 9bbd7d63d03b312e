import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { checkPipelineNameOrArn } from '../../../shared/validation';
import { toOutputObject } from '../../helpers/awsOutput';
import { listPipelineExecutions, type ExecutionSummary } from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import {
	filtersField,
	readCreatedRange,
	readLimit,
	returnAllFields,
	sortOrderOption,
} from '../listFields';
import type { OperationExecute } from '../types';
import { pipelineField } from './descriptions';
import { executionRef } from './executionItem';

export const option = {
	name: 'List',
	value: 'list',
	action: 'List pipeline executions',
	description: 'List the executions of a pipeline',
};
export const subtitle = 'List Executions';

const EXECUTION_STATUSES = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'] as const;

export const properties: INodeProperties[] = [
	pipelineField,
	...returnAllFields,
	filtersField(
		{
			after: 'Only executions started after this time',
			before: 'Only executions started before this time',
		},
		[
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: EXECUTION_STATUSES.map((status) => ({ name: status, value: status })),
				default: [],
				description:
					'Only executions in one of these statuses. SageMaker cannot filter by status, so the node reads the pages and keeps the matching ones.',
			},
		],
	),
	optionsField([
		maxConcurrentRequestsOption,
		sortOrderOption({ descending: 'Newest First', ascending: 'Oldest First' }, 'By creation time'),
	]),
];

function summaryJson(summary: ExecutionSummary): IDataObject {
	return { ...toOutputObject(summary), ...executionRef(summary.PipelineExecutionArn ?? '') };
}

export const execute: OperationExecute = async function (itemIndex, client) {
	const pipelineName = checkPipelineNameOrArn(
		this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }),
	);
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		createdAfter?: unknown;
		createdBefore?: unknown;
		statuses?: string[];
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as { sortOrder?: string };
	const created = readCreatedRange(filters);
	const summaries = await listPipelineExecutions(client, {
		pipelineName,
		createdAfter: created.after,
		createdBefore: created.before,
		sortOrder: options.sortOrder ?? 'Descending',
		statuses: filters.statuses ?? [],
		limit,
	});
	return summaries.map(summaryJson);
};
