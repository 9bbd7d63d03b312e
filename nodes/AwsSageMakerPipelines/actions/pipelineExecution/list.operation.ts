import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkPipelineNameOrArn, checkTimestamp } from '../../../shared/validation';
import { toOutputObject } from '../../helpers/awsOutput';
import { collectPages } from '../../helpers/paginate';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { pipelineField, readLimit, returnAllFields, sortOrderOption } from './descriptions';
import { executionRef } from './executionData';

const displayOptions = showFor('pipelineExecution', 'list');

export const EXECUTION_STATUSES = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'] as const;

export const description: INodeProperties[] = [
	pipelineField(displayOptions),
	...returnAllFields(displayOptions),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: 'Only executions started after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only executions started before this time',
			},
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
	},
	optionsField(displayOptions, [
		maxConcurrentRequestsOption,
		sortOrderOption({ descending: 'Newest First', ascending: 'Oldest First' }, 'By creation time'),
	]),
];

export interface ExecutionSummary {
	PipelineExecutionArn?: string;
	PipelineExecutionStatus?: string;
	[member: string]: unknown;
}

export interface ExecutionQuery {
	pipeline: string;
	createdAfter?: number;
	createdBefore?: number;
	sortOrder: string;
	statuses: readonly string[];
	limit?: number;
	signal?: AbortSignal;
}

/** ListPipelineExecutions through all the pages needed; shared with Get Pending Callback Steps. */
export async function listExecutions(client: AwsClient, query: ExecutionQuery): Promise<ExecutionSummary[]> {
	return await collectPages<ExecutionSummary>(client, {
		operation: 'ListPipelineExecutions',
		input: (nextToken, maxResults) => ({
			PipelineName: query.pipeline,
			...(query.createdAfter !== undefined ? { CreatedAfter: query.createdAfter } : {}),
			...(query.createdBefore !== undefined ? { CreatedBefore: query.createdBefore } : {}),
			SortBy: 'CreationTime',
			SortOrder: query.sortOrder,
			...(nextToken ? { NextToken: nextToken } : {}),
			MaxResults: maxResults,
		}),
		resultKey: 'PipelineExecutionSummaries',
		limit: query.limit,
		keep: query.statuses.length > 0 ? (summary) => query.statuses.includes(summary.PipelineExecutionStatus ?? '') : undefined,
		signal: query.signal,
	});
}

export function summaryJson(summary: ExecutionSummary): IDataObject {
	return { ...toOutputObject(summary), ...executionRef(summary.PipelineExecutionArn ?? '') };
}

interface Filters {
	createdAfter?: unknown;
	createdBefore?: unknown;
	statuses?: string[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject[]> {
	const pipeline = checkPipelineNameOrArn(this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }));
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const options = this.getNodeParameter('options', itemIndex, {}) as { sortOrder?: string };
	const summaries = await listExecutions(client, {
		pipeline,
		createdAfter: filters.createdAfter ? checkTimestamp('Created After', filters.createdAfter) : undefined,
		createdBefore: filters.createdBefore ? checkTimestamp('Created Before', filters.createdBefore) : undefined,
		sortOrder: options.sortOrder ?? 'Descending',
		statuses: filters.statuses ?? [],
		limit,
	});
	return summaries.map(summaryJson);
}
