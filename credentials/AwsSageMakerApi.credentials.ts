import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { AWS_REGIONS } from '../nodes/shared/regions';
import { signAwsRequest } from '../nodes/shared/transport/authenticate';
import { STS_QUERY } from '../nodes/shared/transport/protocol';

/**
 * AWS keys for SageMaker Pipelines, SQS (the callback queue) and STS (the credential test).
 * Every request is signed with SigV4 by `authenticate`, for the service the request is for.
 */
export class AwsSageMakerApi implements ICredentialType {
	name = 'awsSageMakerApi';

	displayName = 'AWS SageMaker API';

	icon: Icon = {
		light: 'file:icons/sagemaker.svg',
		dark: 'file:icons/sagemaker.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: AWS_REGIONS.map((region) => ({ name: `${region.name} (${region.code})`, value: region.code })),
			default: 'us-east-1',
			description: 'The region of your SageMaker pipelines and callback queues; it also decides the signing region',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary credentials (keys starting with ASIA)',
		},
		{
			displayName: 'Custom Endpoints',
			name: 'customEndpoints',
			type: 'boolean',
			default: false,
			description:
				'Whether to send requests to your own endpoints instead of AWS\'s public ones: VPC interface endpoints, a proxy, or the local emulator',
		},
		{
			displayName: 'SageMaker Endpoint',
			name: 'sageMakerEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://api.sagemaker.us-east-1.amazonaws.com',
			description: 'Leave empty for the public endpoint of the region',
			displayOptions: { show: { customEndpoints: [true] } },
		},
		{
			displayName: 'SQS Endpoint',
			name: 'sqsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sqs.us-east-1.amazonaws.com',
			description: 'Leave empty for the public endpoint of the region',
			displayOptions: { show: { customEndpoints: [true] } },
		},
		{
			displayName: 'STS Endpoint',
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sts.us-east-1.amazonaws.com',
			description: 'Leave empty for the public endpoint of the region',
			displayOptions: { show: { customEndpoints: [true] } },
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return await signAwsRequest(credentials, requestOptions);
	}

	// GetCallerIdentity needs no IAM permission, so it tells good keys from bad ones and nothing
	// else. The relative URL is resolved to the credential's STS endpoint when signing.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/',
			headers: { 'Content-Type': STS_QUERY.contentType },
			body: `Action=GetCallerIdentity&Version=${STS_QUERY.version}`,
		},
	};
}
