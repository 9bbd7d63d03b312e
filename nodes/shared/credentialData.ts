/**
 * The shape of a decrypted `awsSageMakerApi` credential, and the one place that reads it, so
 * the credential's authenticate and pre-authentication, the node and the trigger agree on field
 * names, labels and defaults. It reads; it does not validate (sts/fieldChecks.ts checks the region
 * code and the Assume Role fields before use) — n8n hands over whatever the form or an expression produced.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CUSTOM_REGION } from './regions';
import { defaultEndpoint, type AwsService } from './transport/protocol';
import type { AwsCredentialKeys } from './transport/sigv4';

export const CREDENTIAL_TYPE = 'awsSageMakerApi';

export type AwsAuthentication = 'accessKey' | 'assumeRole';

/** The labels the credential form shows, so error messages name the field a user can find. */
export const FIELD_LABELS = {
	authentication: 'Authentication',
	region: 'Region',
	customRegion: 'Region Code',
	accessKeyId: 'Access Key ID',
	secretAccessKey: 'Secret Access Key',
	sessionToken: 'Session Token',
	roleArn: 'Role ARN',
	externalId: 'External ID',
	roleSessionName: 'Role Session Name',
	durationSeconds: 'Session Duration (Seconds)',
	stsEndpoint: 'STS Endpoint',
} as const;

/** A field's label in quotes, as messages name it: "Role ARN". */
export function fieldName(field: keyof typeof FIELD_LABELS): string {
	return `"${FIELD_LABELS[field]}"`;
}

export interface AssumeRoleFields {
	roleArn: string;
	externalId: string;
	roleSessionName: string;
	/** NaN when the field holds something that is not a number */
	durationSeconds: number;
}

export interface AwsSageMakerCredentialData {
	authentication: AwsAuthentication;
	/** the region requests are signed for: the listed one, or the typed Region Code */
	region: string;
	/** true when the region came from the Region Code field */
	customRegion: boolean;
	/** the keys typed in the credential; with Assume Role, the source keys that call STS */
	keys: AwsCredentialKeys;
	assumeRole: AssumeRoleFields;
	customEndpoints: boolean;
	sageMakerEndpoint: string;
	sqsEndpoint: string;
	stsEndpoint: string;
}

export const DEFAULT_DURATION_SECONDS = 3600;

function text(data: ICredentialDataDecryptedObject, key: string): string {
	const value = data[key];
	return typeof value === 'string' ? value.trim() : '';
}

function durationOf(value: unknown): number {
	if (value === undefined || value === null || value === '') return DEFAULT_DURATION_SECONDS;
	return typeof value === 'number' ? value : Number(String(value).trim());
}

export function readCredentialData(
	data: ICredentialDataDecryptedObject,
): AwsSageMakerCredentialData {
	const sessionToken = text(data, 'sessionToken');
	const listed = text(data, 'region');
	const customRegion = listed === CUSTOM_REGION;
	return {
		authentication: data.authentication === 'assumeRole' ? 'assumeRole' : 'accessKey',
		region: customRegion ? text(data, 'customRegion').toLowerCase() : listed || 'us-east-1',
		customRegion,
		keys: {
			accessKeyId: text(data, 'accessKeyId'),
			secretAccessKey: text(data, 'secretAccessKey'),
			...(sessionToken ? { sessionToken } : {}),
		},
		assumeRole: {
			roleArn: text(data, 'roleArn'),
			externalId: text(data, 'externalId'),
			roleSessionName: text(data, 'roleSessionName'),
			durationSeconds: durationOf(data.durationSeconds),
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
