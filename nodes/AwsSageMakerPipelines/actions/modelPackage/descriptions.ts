/** Fields the Model Package operations share: the group and package locators, and the approval statuses. */
import type { INodeProperties } from 'n8n-workflow';

import { MODEL_PACKAGE_LIMITS } from './checks';

type DisplayOptions = INodeProperties['displayOptions'];

export const APPROVAL_STATUS_OPTIONS = [
	{ name: 'Approved', value: 'Approved' },
	{ name: 'Pending Manual Approval', value: 'PendingManualApproval' },
	{ name: 'Rejected', value: 'Rejected' },
];

export function modelPackageGroupField(displayOptions: DisplayOptions): INodeProperties {
	return {
		displayName: 'Model Package Group',
		name: 'modelPackageGroupName',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The model registry group whose versions to list (a pipeline\'s RegisterModel step names it), in the region of the credential',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a model package group...',
				typeOptions: { searchListMethod: 'searchModelPackageGroups', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'churn-models',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: MODEL_PACKAGE_LIMITS.groupName.pattern.source,
							errorMessage: 'Letters, digits and hyphens, starting and ending with a letter or digit (up to 63)',
						},
					},
				],
			},
			{
				displayName: 'By ARN',
				name: 'arn',
				type: 'string',
				placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-models',
				validation: [
					{
						type: 'regex',
						properties: { regex: MODEL_PACKAGE_LIMITS.groupArn.pattern.source, errorMessage: 'Not a SageMaker model package group ARN' },
					},
				],
			},
		],
	};
}

export function modelPackageArnField(displayOptions: DisplayOptions, description: string): INodeProperties {
	return {
		displayName: 'Model Package',
		name: 'modelPackageArn',
		type: 'resourceLocator',
		default: { mode: 'arn', value: '={{ $json.modelPackageArn }}' },
		required: true,
		description,
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a package waiting for approval...',
				typeOptions: { searchListMethod: 'searchPendingModelPackages', searchable: true },
			},
			{
				displayName: 'By ARN',
				name: 'arn',
				type: 'string',
				placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3',
				validation: [
					{
						type: 'regex',
						properties: { regex: MODEL_PACKAGE_LIMITS.packageArn.pattern.source, errorMessage: 'Not a SageMaker model package ARN' },
					},
				],
			},
		],
	};
}
