/**
 * The one request path of the package: serialize → send (signed by the credential's
 * authenticate, through n8n's httpRequestWithAuthentication) → retry → map errors. The node,
 * the trigger and list searches all call AWS through an AwsClient from here.
 *
 * The credential is read once per client and handed to n8n with every request
 * (`credentialsDecrypted`), so n8n does not load and decrypt it again for each call. With Assume
 * Role that object also carries the role's temporary keys: they are refreshed shortly before they
 * expire, and an ExpiredToken answer refreshes them and sends the request once more (sts/session.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, endpointFor, readCredentialData, type AwsSageMakerCredentialData } from '../credentialData';
import { stsQueryBody } from '../sts/query';
import { dropExpiredAssumedRole, refreshAssumedRoleIfDue, sessionMarker } from '../sts/session';
import { AwsApiError, parseErrorResponse, requestIdOf, SIGNING_ERROR_NAME } from './errors';
import { JSON_PROTOCOLS, STS_QUERY, type AwsService } from './protocol';
import { backoffDelayMs, isRetryable, isThrottling, STANDARD_RETRY, type RetryPolicy } from './retry';

/** What every n8n context that may call AWS offers (execute, trigger, load options, poll). */
export interface AwsCaller {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: {
		httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'];
	};
}

export interface AwsCall {
	service: AwsService;
	operation: string;
	/** JSON input for SageMaker and SQS; flat parameters for an STS Query action */
	input?: object;
	/** per attempt; long polls need more than the default */
	timeoutMs?: number;
	/** ends the call at once (a trigger being deactivated); n8n sets its own in workflow executions */
	signal?: AbortSignal;
}

export interface AwsResult<T> {
	/** parsed JSON for JSON protocols; the XML text for STS */
	output: T;
	requestId?: string;
	attempts: number;
}

export interface AwsClient {
	readonly region: string;
	endpoint(service: AwsService): string;
	call<T = Record<string, unknown>>(call: AwsCall): Promise<AwsResult<T>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

function serialize(call: AwsCall): { headers: Record<string, string>; body: string } {
	if (call.service === 'sts') {
		return { headers: { 'Content-Type': STS_QUERY.contentType }, body: stsQueryBody(call.operation, call.input) };
	}
	const protocol = JSON_PROTOCOLS[call.service];
	return {
		headers: {
			'Content-Type': protocol.contentType,
			'X-Amz-Target': `${protocol.targetPrefix}.${call.operation}`,
		},
		body: JSON.stringify(call.input ?? {}),
	};
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return JSON.stringify(body);
}

interface NetworkFailure {
	code?: string;
	message: string;
	cause: unknown;
}

/** n8n wraps transport failures in a NodeApiError whose cause is the axios error. */
function networkFailureOf(error: unknown): NetworkFailure | 'signing' | 'aborted' {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const named = cause as { name?: string; code?: string; message?: string };
	if (named?.name === SIGNING_ERROR_NAME) return 'signing';
	if (named?.code === 'ERR_CANCELED' || named?.name === 'CanceledError' || named?.name === 'AbortError') return 'aborted';
	return { code: named?.code, message: named?.message ?? String(error), cause: error };
}

export class AwsClientImpl implements AwsClient {
	constructor(
		private readonly caller: AwsCaller,
		private readonly data: AwsSageMakerCredentialData,
		private readonly credentials: ICredentialsDecrypted,
		private readonly retry: RetryPolicy,
	) {}

	get region(): string {
		return this.data.region;
	}

	endpoint(service: AwsService): string {
		return endpointFor(service, this.data);
	}

	async call<T>(call: AwsCall): Promise<AwsResult<T>> {
		const { headers, body } = serialize(call);
		const url = `${this.endpoint(call.service)}/`;
		let resentWithFreshKeys = false;
		for (let attempt = 1; ; attempt++) {
			refreshAssumedRoleIfDue(this.credentials.data, this.data);
			const keysBefore = sessionMarker(this.credentials.data);
			const request: IHttpRequestOptions = {
				method: 'POST',
				url,
				headers: { ...headers },
				body,
				json: false,
				encoding: 'text',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
				...(call.signal ? { abortSignal: call.signal } : {}),
			};
			let failure: AwsApiError;
			try {
				const response = (await this.caller.helpers.httpRequestWithAuthentication.call(
					this.caller as unknown as IExecuteFunctions,
					CREDENTIAL_TYPE,
					request,
					{ credentialsDecrypted: this.credentials },
				)) as FullResponse;
				const text = bodyText(response.body);
				const requestId = requestIdOf(response.headers, text);
				if (response.statusCode >= 200 && response.statusCode < 300) {
					const output = (call.service === 'sts' ? text : text ? JSON.parse(text) : {}) as T;
					return { output, requestId, attempts: attempt };
				}
				const { code, message } = parseErrorResponse(response.statusCode, response.headers, text);
				if (
					!resentWithFreshKeys &&
					!call.signal?.aborted &&
					dropExpiredAssumedRole(this.credentials.data, this.data, code, keysBefore)
				) {
					// Not a retry: the same attempt again, with the role assumed anew.
					resentWithFreshKeys = true;
					attempt--;
					continue;
				}
				failure = new AwsApiError({
					service: call.service,
					operation: call.operation,
					code,
					message,
					httpStatus: response.statusCode,
					requestId,
					network: false,
					attempts: attempt,
				});
			} catch (error) {
				const network = networkFailureOf(error);
				// Already a NodeApiError from n8n; the constructor hands the same error back.
				if (network === 'signing' || network === 'aborted') throw new NodeApiError(this.caller.getNode(), error as JsonObject);
				failure = new AwsApiError({
					service: call.service,
					operation: call.operation,
					code: network.code ?? 'NetworkingError',
					message: network.message,
					network: true,
					attempts: attempt,
				});
			}
			const { code, httpStatus, network } = failure.details;
			if (attempt >= this.retry.maxAttempts || !isRetryable({ code, httpStatus, network }) || call.signal?.aborted) {
				throw failure;
			}
			await sleep(backoffDelayMs(this.retry, attempt, isThrottling(code, httpStatus)));
		}
	}
}

/** Reads the credential once and returns a client for every call of this execution. */
export async function createAwsClient(caller: AwsCaller, retry: RetryPolicy = STANDARD_RETRY): Promise<AwsClient> {
	const raw = await caller.getCredentials(CREDENTIAL_TYPE);
	const reference = caller.getNode().credentials?.[CREDENTIAL_TYPE];
	const credentials: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? CREDENTIAL_TYPE,
		type: CREDENTIAL_TYPE,
		data: raw,
	};
	return new AwsClientImpl(caller, readCredentialData(raw), credentials, retry);
}
