/** Fields the Model Package operations share: the group and package locators, and the approval statuses. */
import type { INodeProperties } from 'n8n-workflow';

import { locatorField, matching } from '../common.descriptions';
import { MODEL_PACKAGE_LIMITS } from './checks';

export const APPROVAL_STATUS_OPTIONS = [
	{ name: 'Approved', value: 'Approved' },
	{ name: 'Pending Manual Approval', value: 'PendingManualApproval' },
	{ name: 'Rejected', value: 'Rejected' },
];

export const modelPackageGroupField: INodeProperties = locatorField({
	displayName: 'Model Package Group',
	name: 'modelPackageGroupName',
	description:
		"The model registry group whose versions to list (a pipeline's RegisterModel step names it), in the region of the credential",
	default: { mode: 'list', value: '' },
	list: {
		placeholder: 'Select a model package group...',
		searchListMethod: 'searchModelPackageGroups',
	},
	modes: [
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'churn-models',
			validation: matching(
				MODEL_PACKAGE_LIMITS.groupName.pattern,
				'Letters, digits and hyphens, starting and ending with a letter or digit (up to 63)',
			),
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-models',
			validation: matching(
				MODEL_PACKAGE_LIMITS.groupArn.pattern,
				'Not a SageMaker model package group ARN',
			),
		},
	],
});

/** The package to act on: one waiting for approval from the list, or the ARN an earlier step gives. */
export function modelPackageArnField(description: string): INodeProperties {
	return locatorField({
		displayName: 'Model Package',
		name: 'modelPackageArn',
		description,
		default: { mode: 'arn', value: '={{ $json.modelPackageArn }}' },
		list: {
			placeholder: 'Select a package waiting for approval...',
			searchListMethod: 'searchPendingModelPackages',
		},
		modes: [
			{
				displayName: 'By ARN',
				name: 'arn',
				type: 'string',
				placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3',
				validation: matching(
					MODEL_PACKAGE_LIMITS.packageArn.pattern,
					'Not a SageMaker model package ARN',
				),
			},
		],
	});
}
