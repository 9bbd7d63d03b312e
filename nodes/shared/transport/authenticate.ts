/**
 * The credential's `authenticate`: signs an outgoing n8n request with SigV4 for the service
 * its protocol markers name (see protocol.ts) in the credential's region, over the exact body
 * bytes that will be sent. It refuses to sign what it cannot identify rather than guess.
 * With Assume Role it signs with the role's temporary keys (sts/session.ts), never the source keys.
 * n8n hands it the same credential object for every request of an execution, so what it reads from
 * that object is kept while the fields it came from are unchanged: one keys object, whose signing
 * key sigv4.ts then derives once.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	endpointFor,
	readCredentialData,
	type AwsSageMakerCredentialData,
} from '../credentialData';
import { CredentialError } from '../sts/credentialError';
import { checkRegion } from '../sts/fieldChecks';
import { assumedRoleKeys } from '../sts/session';
import { encodeRfc3986, serviceOfRequest } from './protocol';
import { signRequest } from './sigv4';

/** A relative URL (the credential test's) is resolved against the credential's endpoint for the service. */
function absoluteUrl(request: IHttpRequestOptions, defaultBase: string): string {
	const base = (request.baseURL || defaultBase).replace(/\/+$/, '');
	const path = request.url ?? '';
	let url = /^https?:\/\//i.test(path)
		? path
		: `${base}${path.startsWith('/') || !path ? path : `/${path}`}`;
	if (!url) throw new CredentialError('The request to sign has no URL');
	if (!/^https?:\/\/[^/]+\//i.test(url)) url += '/';
	const qs = request.qs ? Object.entries(request.qs).filter(([, v]) => v !== undefined) : [];
	if (qs.length) {
		const query = qs.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(String(v))}`).join('&');
		url += (url.includes('?') ? '&' : '?') + query;
	}
	return url;
}

/** The stored fields readCredentialData reads (the session field is read apart, per request). */
const READ_FIELDS = [
	'authentication',
	'region',
	'customRegion',
	'accessKeyId',
	'secretAccessKey',
	'sessionToken',
	'roleArn',
	'externalId',
	'roleSessionName',
	'durationSeconds',
	'customEndpoints',
	'sageMakerEndpoint',
	'sqsEndpoint',
	'stsEndpoint',
];

const readBefore = new WeakMap<
	ICredentialDataDecryptedObject,
	{ fields: unknown[]; data: AwsSageMakerCredentialData }
>();

/** readCredentialData, checked region included, once per credential object and field values. */
function checkedCredentialData(
	credentials: ICredentialDataDecryptedObject,
): AwsSageMakerCredentialData {
	const known = readBefore.get(credentials);
	if (known && READ_FIELDS.every((field, index) => credentials[field] === known.fields[index]))
		return known.data;
	const data = readCredentialData(credentials);
	checkRegion(data);
	readBefore.set(credentials, { fields: READ_FIELDS.map((field) => credentials[field]), data });
	return data;
}

export async function signAwsRequest(
	credentials: ICredentialDataDecryptedObject,
	request: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const data = checkedCredentialData(credentials);
	if (!data.keys.accessKeyId) throw new CredentialError('The AWS credential has no Access Key ID');
	if (!data.keys.secretAccessKey)
		throw new CredentialError('The AWS credential has no Secret Access Key');
	const keys =
		data.authentication === 'assumeRole' ? assumedRoleKeys(credentials, data) : data.keys;

	const service = serviceOfRequest(request);
	if (!service) {
		throw new CredentialError(
			'This request is not a SageMaker, SQS or STS API call (no X-Amz-Target header or STS Action), so it was not signed',
		);
	}

	// Sign the bytes axios will send: a string body goes out unchanged, an object as its JSON.
	const body =
		request.body === undefined || request.body === null
			? ''
			: typeof request.body === 'string'
				? request.body
				: JSON.stringify(request.body);
	const url = absoluteUrl(request, endpointFor(service, data));
	const headers = signRequest(
		{
			method: request.method ?? 'GET',
			url,
			headers: (request.headers ?? {}) as Record<string, string>,
			body,
		},
		keys,
		{ service, region: data.region },
	);
	return { ...request, url, baseURL: undefined, qs: undefined, body, headers };
}
