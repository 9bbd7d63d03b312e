/**
 * Approve or Reject: UpdateModelPackage with ModelApprovalStatus, an approval description and, optionally,
 * customer metadata properties. Every value is checked before the request. The ClientToken (1–36 characters,
 * `[a-zA-Z0-9-]`) is derived from the n8n run, node and item, like Start/Stop/Retry's token: n8n's "Retry On
 * Fail" and the transport's retries send the same token, so SageMaker applies the change once; the next run
 * of the workflow (a later reject of the same package, say) is a new request.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deriveRunScopedClientRequestToken } from '../../../shared/idempotency';
import type { AwsClient } from '../../../shared/transport/awsRequest';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { checkApprovalDescription, checkApprovalStatus, checkCustomerMetadata, checkModelPackageArn, MODEL_PACKAGE_LIMITS } from './checks';
import { APPROVAL_STATUS_OPTIONS, modelPackageArnField } from './descriptions';

const OPERATION = 'UpdateModelPackage';
const displayOptions = showFor('modelPackage', 'updateApprovalStatus');

export const description: INodeProperties[] = [
	modelPackageArnField(displayOptions, 'The model package version to approve or reject: pick one waiting for approval, or map its ARN'),
	{
		displayName: 'Approval Status',
		name: 'approvalStatus',
		type: 'options',
		options: APPROVAL_STATUS_OPTIONS,
		default: 'Approved',
		description: 'The new ModelApprovalStatus. Approving usually starts the deployment that watches the model registry.',
		displayOptions,
	},
	{
		displayName: 'Approval Description',
		name: 'approvalDescription',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Accuracy 0.93 ≥ 0.9: approved by n8n',
		description: 'Why, shown beside the status in SageMaker Studio (up to 1024 characters)',
		displayOptions,
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
		displayOptions,
		options: [
			{
				displayName: 'Property',
				name: 'properties',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'approvedBy' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'n8n' },
				],
			},
		],
	},
	optionsField(displayOptions, [maxConcurrentRequestsOption]),
];

/** 'n8n-' + 32 hex: 36 characters, UpdateModelPackage's maximum, and 128 bits of the run-scoped hash. */
function clientToken(this: IExecuteFunctions, itemIndex: number): string {
	// Without an execution id (never seen in n8n, but not promised) fall back to the SDK's behaviour: a fresh token.
	const executionId = this.getExecutionId() || randomUUID();
	const token = deriveRunScopedClientRequestToken(OPERATION, { executionId, nodeId: this.getNode().id, itemIndex });
	return token.slice(0, MODEL_PACKAGE_LIMITS.clientToken.maxLength);
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const modelPackageArn = checkModelPackageArn(this.getNodeParameter('modelPackageArn', itemIndex, undefined, { extractValue: true }), 'Model Package');
	const approvalStatus = checkApprovalStatus(this.getNodeParameter('approvalStatus', itemIndex));
	const approvalDescription = checkApprovalDescription(this.getNodeParameter('approvalDescription', itemIndex, ''));
	const pairs = (this.getNodeParameter('customerMetadataProperties.properties', itemIndex, []) as Array<{ key?: unknown; value?: unknown }>).map(
		({ key, value }) => ({ name: key, value }),
	);
	const customerMetadataProperties = checkCustomerMetadata(pairs);
	const token = clientToken.call(this, itemIndex);

	// Member order as the AWS SDK serializes it, so the bytes on the wire are the same.
	const { output, requestId } = await client.call<{ ModelPackageArn?: string }>({
		service: 'sagemaker',
		operation: OPERATION,
		input: {
			ModelPackageArn: modelPackageArn,
			ModelApprovalStatus: approvalStatus,
			...(approvalDescription !== undefined ? { ApprovalDescription: approvalDescription } : {}),
			...(customerMetadataProperties ? { CustomerMetadataProperties: customerMetadataProperties } : {}),
			ClientToken: token,
		},
	});
	return {
		modelPackageArn: output.ModelPackageArn ?? modelPackageArn,
		modelApprovalStatus: approvalStatus,
		...(approvalDescription !== undefined ? { approvalDescription } : {}),
		clientToken: token,
		awsRequestId: requestId,
	};
}
