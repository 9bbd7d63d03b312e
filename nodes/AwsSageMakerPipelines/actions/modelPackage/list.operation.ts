import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../shared/validation';
import { toOutputObject } from '../../helpers/awsOutput';
import { listModelPackages, type ModelPackageSummary } from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import {
	filtersField,
	readCreatedRange,
	readLimit,
	returnAllFields,
	sortOrderOption,
} from '../listFields';
import type { OperationExecute } from '../types';
import { checkApprovalStatus, checkModelPackageGroup } from './checks';
import { modelPackageGroupField } from './descriptions';

export const subtitle = 'List Model Packages';
export const option = {
	name: 'List',
	value: 'list',
	action: 'List model packages',
	description: 'List the versions of a model package group, by default those waiting for approval',
};

/** "Any" sends no ModelApprovalStatus: every version of the group. */
const ANY_STATUS = 'any';

export const properties: INodeProperties[] = [
	modelPackageGroupField,
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
		description:
			'Only versions with this approval status (ModelApprovalStatus). Registered versions wait in Pending Manual Approval.',
	},
	...returnAllFields,
	filtersField({
		after: 'Only versions registered after this time',
		before: 'Only versions registered before this time',
	}),
	optionsField([
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
		sortOrderOption(
			{ descending: 'Newest First', ascending: 'Oldest First' },
			'By the Sort By field (Newest First means descending)',
		),
	]),
];

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
	const first = [
		'modelPackageArn',
		'modelPackageGroupName',
		'modelPackageVersion',
		'modelApprovalStatus',
		'creationTime',
		'modelPackageDescription',
	];
	return {
		...Object.fromEntries(
			first.filter((key) => json[key] !== undefined).map((key) => [key, json[key]]),
		),
		...json,
	};
}

export const execute: OperationExecute = async function (itemIndex, client) {
	const group = checkModelPackageGroup(
		this.getNodeParameter('modelPackageGroupName', itemIndex, undefined, { extractValue: true }),
	);
	const rawStatus = this.getNodeParameter('approvalStatus', itemIndex, 'PendingManualApproval');
	const approvalStatus = rawStatus === ANY_STATUS ? undefined : checkApprovalStatus(rawStatus);
	const limit = readLimit.call(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as {
		createdAfter?: unknown;
		createdBefore?: unknown;
	};
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		sortBy?: unknown;
		sortOrder?: unknown;
	};
	const created = readCreatedRange(filters);
	const sortBy = checkChoice('Sort By', options.sortBy ?? 'CreationTime', SORT_BY);
	const sortOrder = checkChoice('Sort Order', options.sortOrder ?? 'Descending', SORT_ORDERS);

	const summaries = await listModelPackages(
		client,
		{
			creationTimeAfter: created.after,
			creationTimeBefore: created.before,
			modelApprovalStatus: approvalStatus,
			modelPackageGroupName: group,
			sortBy,
			sortOrder,
		},
		limit,
	);
	return summaries.map(packageJson);
};
