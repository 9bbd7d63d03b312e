import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkTimestamp, InputError } from '../../../shared/validation';
import { toOutputObject } from '../../helpers/awsOutput';
import { collectPages } from '../../helpers/paginate';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { readLimit, returnAllFields, sortOrderOption } from '../pipelineExecution/descriptions';
import { showFor } from '../types';
import { checkApprovalStatus, checkModelPackageGroup } from './checks';
import { modelPackageGroupField } from './descriptions';

const displayOptions = showFor('modelPackage', 'list');

/** "Any" sends no ModelApprovalStatus: every version of the group. */
const ANY_STATUS = 'any';

export const description: INodeProperties[] = [
	modelPackageGroupField(displayOptions),
	{
		displayName: 'Approval Status',
		name: 'approvalStatus',
		type: 'options',
		// Spelled out: n8n's scanner checks the default against a literal list only.
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Approved', value: 'Approved' },
			{ name: 'Pending Manual Approval', value: 'PendingManualApproval' },
			{ name: 'Rejected', value: 'Rejected' },
		],
		default: 'PendingManualApproval',
		description: 'Only versions with this approval status (ModelApprovalStatus). Registered versions wait in Pending Manual Approval.',
		displayOptions,
	},
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
				description: 'Only versions registered after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only versions registered before this time',
			},
		],
	},
	optionsField(displayOptions, [
		maxConcurrentRequestsOption,
		{
			displayName: 'Sort By',
			name: 'sortBy',
			type: 'options',
			options: [
				{ name: 'Creation Time', value: 'CreationTime' },
				{ name: 'Name', value: 'Name' },
			],
			default: 'CreationTime',
			description: 'What SageMaker orders the versions by',
		},
		sortOrderOption({ descending: 'Newest First', ascending: 'Oldest First' }, 'By the Sort By field (Newest First means descending)'),
	]),
];

interface ModelPackageSummary {
	ModelPackageArn?: string;
	ModelPackageGroupName?: string;
	ModelPackageVersion?: number;
	ModelApprovalStatus?: string;
	CreationTime?: number;
	ModelPackageDescription?: string;
	[member: string]: unknown;
}

interface Filters {
	createdAfter?: unknown;
	createdBefore?: unknown;
}

const SORT_BY = ['CreationTime', 'Name'];
const SORT_ORDERS = ['Descending', 'Ascending'];

function checkChoice(field: string, value: unknown, allowed: readonly string[]): string {
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw new InputError(field, `${field} must be one of ${allowed.join(', ')}`);
	}
	return value;
}

/** One item per version: its ARN, group, version, approval status, creation time and description first. */
function packageJson(summary: ModelPackageSummary): IDataObject {
	const json = toOutputObject(summary);
	const first = ['modelPackageArn', 'modelPackageGroupName', 'modelPackageVersion', 'modelApprovalStatus', 'creationTime', 'modelPackageDescription'];
	return { ...Object.fromEntries(first.filter((key) => json[key] !== undefined).map((key) => [key, json[key]])), ...json };
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject[]> {
	const group = checkModelPackageGroup(this.getNodeParameter('modelPackageGroupName', itemIndex, undefined, { extractValue: true }));
	const rawStatus = this.getNodeParameter('approvalStatus', itemIndex, 'PendingManualApproval');
	const approvalStatus = rawStatus === ANY_STATUS ? undefined : checkApprovalStatus(rawStatus);
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const options = this.getNodeParameter('options', itemIndex, {}) as { sortBy?: unknown; sortOrder?: unknown };
	const createdAfter = filters.createdAfter ? checkTimestamp('Created After', filters.createdAfter) : undefined;
	const createdBefore = filters.createdBefore ? checkTimestamp('Created Before', filters.createdBefore) : undefined;
	const sortBy = checkChoice('Sort By', options.sortBy ?? 'CreationTime', SORT_BY);
	const sortOrder = checkChoice('Sort Order', options.sortOrder ?? 'Descending', SORT_ORDERS);

	const summaries = await collectPages<ModelPackageSummary>(client, {
		operation: 'ListModelPackages',
		// Member order as the AWS SDK serializes it, so the bytes on the wire are the same.
		input: (nextToken, maxResults) => ({
			...(createdAfter !== undefined ? { CreationTimeAfter: createdAfter } : {}),
			...(createdBefore !== undefined ? { CreationTimeBefore: createdBefore } : {}),
			MaxResults: maxResults,
			...(approvalStatus ? { ModelApprovalStatus: approvalStatus } : {}),
			ModelPackageGroupName: group,
			...(nextToken ? { NextToken: nextToken } : {}),
			SortBy: sortBy,
			SortOrder: sortOrder,
		}),
		resultKey: 'ModelPackageSummaryList',
		limit,
	});
	return summaries.map(packageJson);
}
