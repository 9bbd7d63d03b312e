import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as describe from './describe.operation';
import * as list from './list.operation';
import * as updateApprovalStatus from './updateApprovalStatus.operation';

export const operations: Record<string, Operation> = { list, describe, updateApprovalStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['modelPackage'] } },
		options: [
			{
				name: 'Approve or Reject',
				value: 'updateApprovalStatus',
				action: 'Approve or reject a model package',
				description: 'Set the approval status of a model package version, with a description',
			},
			{
				name: 'Describe',
				value: 'describe',
				action: 'Describe a model package',
				description: 'Get the approval status, images, model data, metadata and metrics of a model package version',
			},
			{
				name: 'List',
				value: 'list',
				action: 'List model packages',
				description: 'List the versions of a model package group, by default those waiting for approval',
			},
		],
		default: 'list',
	},
	...list.description,
	...describe.description,
	...updateApprovalStatus.description,
];
