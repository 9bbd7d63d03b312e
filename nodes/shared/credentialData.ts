/**
 * The shape of a decrypted `awsSageMakerApi` credential, and the one place that reads it, so
 * the credential's authenticate, the node and the trigger agree on field names and defaults.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { defaultEndpoint, type AwsService } from './transport/protocol';
import type { AwsCredentialKeys } from './transport/sigv4';

export const CREDENTIAL_TYPE = 'awsSageMakerApi';

export interface AwsSageMakerCredentialData {
	region: string;
	keys: AwsCredentialKeys;
	customEndpoints: boolean;
	sageMakerEndpoint: string;
	sqsEndpoint: string;
	stsEndpoint: string;
}

function text(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value.trim() : '';
}

export function readCredentialData(data: ICredentialDataDecryptedObject): AwsSageMakerCredentialData {
	const sessionToken = text(data, 'sessionToken');
	return {
		region: text(data, 'region') || 'us-east-1',
		keys: {
			accessKeyId: text(data, 'accessKeyId'),
			secretAccessKey: text(data, 'secretAccessKey'),
			...(sessionToken ? { sessionToken } : {}),
		},
		customEndpoints: data.customEndpoints === true,
		sageMakerEndpoint: text(data, 'sageMakerEndpoint'),
		sqsEndpoint: text(data, 'sqsEndpoint'),
		stsEndpoint: text(data, 'stsEndpoint'),
	};
}

/**
 * The base URL for a service: the custom endpoint when the user turned them on and filled it
 * (VPC endpoint, another partition's host, the local emulator), else AWS's public host.
 */
export function endpointFor(service: AwsService, data: AwsSageMakerCredentialData): string {
	const custom = {
		sagemaker: data.sageMakerEndpoint,
		sqs: data.sqsEndpoint,
		sts: data.stsEndpoint,
	}[service];
	const base = data.customEndpoints && custom ? custom : defaultEndpoint(service, data.region);
	return base.replace(/\/+$/, '');
}
