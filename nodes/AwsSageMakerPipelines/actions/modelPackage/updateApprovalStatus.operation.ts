/**
 * Approve or Reject: UpdateModelPackage with ModelApprovalStatus, an approval description and, optionally,
 * customer metadata properties. Every value is checked before the request. The ClientToken (1–36 characters,
 * `[a-zA-Z0-9-]`) is derived from the n8n run, node and item, like Start/Stop/Retry's token: n8n's "Retry On
 * Fail" and the transport's retries send the same token, so SageMaker applies the change once; the next run
 * of the workflow (a later reject of the same package, say) is a new request.
 */
import type { INodeProperties } from 'n8n-workflow';

import { updateModelPackage } from '../../sagemaker';
import { runScopedClientRequestToken } from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import {
	checkApprovalDescription,
	checkApprovalStatus,
	checkCustomerMetadata,
	checkModelPackageArn,
	MODEL_PACKAGE_LIMITS,
} from './checks';
import { APPROVAL_STATUS_OPTIONS, modelPackageArnField } from './descriptions';

export const option = {
	name: 'Approve or Reject',
	value: 'updateApprovalStatus',
	action: 'Approve or reject a model package',
	description: 'Set the approval status of a model package version, with a description',
};
export const subtitle = 'Approve or Reject';

export const properties: INodeProperties[] = [
	modelPackageArnField(
		'The model package version to approve or reject: pick one waiting for approval, or map its ARN',
	),
	{
		displayName: 'Approval Status',
		name: 'approvalStatus',
		type: 'options',
		options: APPROVAL_STATUS_OPTIONS,
		default: 'Approved',
		description:
			'The new ModelApprovalStatus. Approving usually starts the deployment that watches the model registry.',
	},
	{
		displayName: 'Approval Description',
		name: 'approvalDescription',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Accuracy 0.93 ≥ 0.9: approved by n8n',
		description: 'Why, shown beside the status in SageMaker Studio (up to 1024 characters)',
	},
	{
		displayName: 'Customer Metadata Properties',
		name: 'customerMetadataProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property',
		default: {},
		description:
			'Key/value pairs added to the package (existing keys are overwritten): at most 50, keys up to 128 and values up to 256 letters, digits, spaces or _ . : / = + - @.',
		options: [
			{
				displayName: 'Property',
				name: 'properties',
				values: [
					{
						displayName: 'Key',
						name: 'key',
						type: 'string',
						default: '',
						placeholder: 'approvedBy',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'n8n' },
				],
			},
		],
	},
	optionsField([maxConcurrentRequestsOption]),
];

export const execute: OperationExecute = async function (itemIndex, client) {
	const modelPackageArn = checkModelPackageArn(
		this.getNodeParameter('modelPackageArn', itemIndex, undefined, { extractValue: true }),
	);
	const approvalStatus = checkApprovalStatus(this.getNodeParameter('approvalStatus', itemIndex));
	const approvalDescription = checkApprovalDescription(
		this.getNodeParameter('approvalDescription', itemIndex, ''),
	);
	const pairs = (
		this.getNodeParameter('customerMetadataProperties.properties', itemIndex, []) as Array<{
			key?: unknown;
			value?: unknown;
		}>
	).map(({ key, value }) => ({ name: key, value }));
	const customerMetadataProperties = checkCustomerMetadata(pairs);
	// 'n8n-' + 32 hex: 36 characters, UpdateModelPackage's maximum, and 128 bits of the run-scoped hash.
	const clientToken = runScopedClientRequestToken
		.call(this, itemIndex, 'UpdateModelPackage')
		.slice(0, MODEL_PACKAGE_LIMITS.clientToken.maxLength);

	const { output, requestId } = await updateModelPackage(client, {
		modelPackageArn,
		modelApprovalStatus: approvalStatus,
		approvalDescription,
		customerMetadataProperties,
		clientToken,
	});
	return {
		modelPackageArn: output.ModelPackageArn ?? modelPackageArn,
		modelApprovalStatus: approvalStatus,
		...(approvalDescription !== undefined ? { approvalDescription } : {}),
		clientToken,
		awsRequestId: requestId,
	};
};
