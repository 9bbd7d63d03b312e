/**
 * The three AWS wire protocols this package speaks, and how to tell from a request which one
 * (and so which SigV4 service name) it is. The service comes from the protocol markers the
 * request carries, never from the host, so VPC endpoints, proxies and the emulator sign right.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { dnsSuffixOf } from '../regions';

export type AwsService = 'sagemaker' | 'sqs' | 'sts';

interface JsonProtocol {
	contentType: string;
	targetPrefix: string;
}

/** JSON protocols: SageMaker speaks awsJson1_1, SQS awsJson1_0. */
export const JSON_PROTOCOLS: Record<'sagemaker' | 'sqs', JsonProtocol> = {
	sagemaker: { contentType: 'application/x-amz-json-1.1', targetPrefix: 'SageMaker' },
	sqs: { contentType: 'application/x-amz-json-1.0', targetPrefix: 'AmazonSQS' },
};

/** STS speaks the Query protocol: a form body naming the action and the API version. */
export const STS_QUERY = {
	contentType: 'application/x-www-form-urlencoded; charset=utf-8',
	version: '2011-06-15',
};

/** RFC 3986 encoding, as the Query protocol and SigV4 expect (encodeURIComponent leaves !'()* alone). */
export function encodeRfc3986(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** A Query protocol body, `Action=...&Version=2011-06-15&Param=...` (undefined parameters left out). */
export function stsQueryBody(action: string, params: object = {}): string {
	const all: Record<string, unknown> = { Action: action, Version: STS_QUERY.version, ...params };
	return Object.entries(all)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(String(value))}`)
		.join('&');
}

const SERVICE_LABELS: Record<AwsService, string> = {
	sagemaker: 'SageMaker',
	sqs: 'SQS',
	sts: 'STS',
};

export function serviceLabel(service: AwsService): string {
	return SERVICE_LABELS[service];
}

/** AWS's public endpoint of a service in a region, following the region's partition. */
export function defaultEndpoint(service: AwsService, region: string): string {
	const host = service === 'sagemaker' ? `api.sagemaker.${region}` : `${service}.${region}`;
	return `https://${host}.${dnsSuffixOf(region)}`;
}

function headerValue(headers: IHttpRequestOptions['headers'], name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return typeof value === 'string' ? value : String(value);
	}
	return undefined;
}

/**
 * Which service a request is for, read from `X-Amz-Target` (JSON protocols) or from a Query
 * body naming an STS action. Returns undefined for anything else: the caller refuses to sign it.
 */
export function serviceOfRequest(
	request: Pick<IHttpRequestOptions, 'headers' | 'body'>,
): AwsService | undefined {
	const target = headerValue(request.headers, 'x-amz-target');
	if (target) {
		const prefix = target.slice(0, target.indexOf('.'));
		for (const [service, protocol] of Object.entries(JSON_PROTOCOLS)) {
			if (protocol.targetPrefix === prefix) return service as AwsService;
		}
		return undefined;
	}
	const body = request.body;
	if (
		typeof body === 'string' &&
		/(^|&)Action=/.test(body) &&
		body.includes(`Version=${STS_QUERY.version}`)
	) {
		return 'sts';
	}
	return undefined;
}
