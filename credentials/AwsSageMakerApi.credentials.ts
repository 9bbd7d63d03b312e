import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_DURATION_SECONDS, FIELD_LABELS } from '../nodes/shared/credentialData';
import { onFirstUse } from '../nodes/shared/onFirstUse';
import { AWS_REGIONS, CUSTOM_REGION } from '../nodes/shared/regions';
import { DEFAULT_ROLE_SESSION_NAME, DURATION_SECONDS } from '../nodes/shared/sts/fieldChecks';
import { SESSION_FIELD } from '../nodes/shared/sts/session';
import { STS_QUERY } from '../nodes/shared/transport/protocol';

const loadSigner = onFirstUse(async () => await import('../nodes/shared/transport/authenticate'));
const loadAssumeRole = onFirstUse(
	async () => await import('../nodes/shared/sts/preAuthentication'),
);

const assumeRoleOnly = { show: { authentication: ['assumeRole'] } };
const customEndpointsOnly = { show: { customEndpoints: [true] } };

/**
 * AWS access for SageMaker Pipelines, SQS (the callback queue) and STS: either access keys, or a role
 * assumed with STS AssumeRole whose temporary keys are kept in a hidden field until shortly before they
 * expire. Every request is signed with SigV4 by `authenticate`, for the service the request is for.
 */
export class AwsSageMakerApi implements ICredentialType {
	name = 'awsSageMakerApi';

	displayName = 'AWS SageMaker API';

	icon: Icon = {
		light: 'file:../nodes/AwsSageMakerPipelines/sagemaker.svg',
		dark: 'file:../nodes/AwsSageMakerPipelines/sagemaker.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines#credentials';

	properties: INodeProperties[] = [
		{
			displayName: FIELD_LABELS.authentication,
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Key',
					value: 'accessKey',
					description: 'Sign every request with these keys',
				},
				{
					name: 'Assume Role',
					value: 'assumeRole',
					description:
						"Use these keys only to assume an IAM role (STS AssumeRole) and sign with the role's temporary keys",
				},
			],
			default: 'accessKey',
		},
		{
			displayName: FIELD_LABELS.region,
			name: 'region',
			type: 'options',
			options: [
				...AWS_REGIONS.map((region) => ({
					name: `${region.name} (${region.code})`,
					value: region.code,
				})),
				{ name: 'Other Region (Type Its Code)', value: CUSTOM_REGION },
			],
			default: 'us-east-1',
			description:
				'The region of your SageMaker pipelines and callback queues; it decides the endpoints (amazonaws.com or amazonaws.com.cn) and the signing region',
		},
		{
			displayName: FIELD_LABELS.customRegion,
			name: 'customRegion',
			type: 'string',
			default: '',
			placeholder: 'ap-southeast-6',
			description: 'For a region not in the list yet: its code as the AWS console shows it',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: FIELD_LABELS.accessKeyId,
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			description:
				'With Assume Role, the key of the identity (IAM user or role session) allowed to assume the role',
		},
		{
			displayName: FIELD_LABELS.secretAccessKey,
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: FIELD_LABELS.sessionToken,
			name: 'sessionToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary keys (starting with ASIA)',
		},
		{
			displayName: FIELD_LABELS.roleArn,
			name: 'roleArn',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'arn:aws:iam::123456789012:role/n8n-sagemaker-callbacks',
			description:
				'The ARN of the role to assume; its trust policy must allow the identity of the keys above',
			displayOptions: assumeRoleOnly,
		},
		{
			displayName: FIELD_LABELS.externalId,
			name: 'externalId',
			type: 'string',
			default: '',
			description:
				"Only if the role's trust policy has an sts:ExternalId condition: the same value",
			displayOptions: assumeRoleOnly,
		},
		{
			displayName: FIELD_LABELS.roleSessionName,
			name: 'roleSessionName',
			type: 'string',
			default: '',
			placeholder: DEFAULT_ROLE_SESSION_NAME,
			description: `Names the session in CloudTrail and in the role's ARN; 2–64 characters of letters, digits and + = , . @ _ -. Empty means "${DEFAULT_ROLE_SESSION_NAME}".`,
			displayOptions: assumeRoleOnly,
		},
		{
			displayName: FIELD_LABELS.durationSeconds,
			name: 'durationSeconds',
			type: 'number',
			typeOptions: { minValue: DURATION_SECONDS.min, maxValue: DURATION_SECONDS.max },
			default: DEFAULT_DURATION_SECONDS,
			description:
				"How long each set of temporary keys lives (at most the role's maximum session duration). They are renewed a few minutes before they expire.",
			displayOptions: assumeRoleOnly,
		},
		{
			displayName: 'Custom Endpoints',
			name: 'customEndpoints',
			type: 'boolean',
			default: false,
			description:
				"Whether to send requests to your own endpoints instead of AWS's public ones: VPC interface endpoints, a proxy, or the local emulator",
		},
		{
			displayName: 'SageMaker Endpoint',
			name: 'sageMakerEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://api.sagemaker.us-east-1.amazonaws.com',
			description: 'Leave empty for the public endpoint of the region',
			displayOptions: customEndpointsOnly,
		},
		{
			displayName: 'SQS Endpoint',
			name: 'sqsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sqs.us-east-1.amazonaws.com',
			description: 'Leave empty for the public endpoint of the region',
			displayOptions: customEndpointsOnly,
		},
		{
			displayName: FIELD_LABELS.stsEndpoint,
			name: 'stsEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://sts.us-east-1.amazonaws.com',
			description:
				'Leave empty for the regional endpoint of the region. Assume Role and the credential test call it.',
			displayOptions: customEndpointsOnly,
		},
		{
			// The role's temporary keys, written by preAuthentication. n8n runs it when this is empty and
			// stores what it returns; the transport empties it when the keys are due for renewal.
			displayName: 'Assumed Role Session',
			name: SESSION_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
			displayOptions: assumeRoleOnly,
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		// n8n calls this before every request while the hidden session field is empty, which with access keys
		// it always is: answer those at once.
		if (credentials.authentication !== 'assumeRole') return {};
		const { assumeRolePreAuthentication } = await loadAssumeRole();
		return await assumeRolePreAuthentication(this, credentials);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { signAwsRequest } = await loadSigner();
		return await signAwsRequest(credentials, requestOptions);
	}

	// GetCallerIdentity needs no IAM permission, so it tells working keys from broken ones and nothing
	// else. With Assume Role, n8n assumes the role first (pre-authentication always runs for a test),
	// so the test checks the role's keys, not just the source keys. The relative URL is resolved to the
	// credential's STS endpoint when signing.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '/',
			headers: { 'Content-Type': STS_QUERY.contentType },
			body: `Action=GetCallerIdentity&Version=${STS_QUERY.version}`,
			// Signed: it must never be sent on to another address (n8n follows redirects by default).
			disableFollowRedirect: true,
			maxRedirects: 0,
		},
		// n8n shows only the HTTP status text otherwise ("Forbidden"). STS answers 403 for an unknown key,
		// a wrong secret and an expired session token alike.
		rules: [
			...[301, 302, 303, 307, 308].map((code) => ({
				type: 'responseCode' as const,
				properties: {
					value: code,
					message: `The STS endpoint answered with a redirect (HTTP ${code}); signed requests are never sent on to another address. Check ${FIELD_LABELS.stsEndpoint} and any proxy in between.`,
				},
			})),
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: `AWS refused these keys: check ${FIELD_LABELS.accessKeyId}, ${FIELD_LABELS.secretAccessKey} and (for temporary keys) ${FIELD_LABELS.sessionToken}, and that ${FIELD_LABELS.region} is in the keys' partition (aws, aws-cn or aws-us-gov)`,
				},
			},
		],
	};
}
