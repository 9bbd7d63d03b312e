/**
 * The one request path of the package: serialize → send (signed by the credential's
 * authenticate, through n8n's httpRequestWithAuthentication) → retry → map errors. The node,
 * the trigger and list searches all call AWS through an AwsClient from here.
 *
 * The credential is read once per client and handed to n8n with every request
 * (`credentialsDecrypted`), so n8n does not load and decrypt it again for each call. With Assume
 * Role that object also carries the role's temporary keys: they are refreshed shortly before they
 * expire, and an ExpiredToken answer refreshes them and sends the request once more (sts/session.ts).
 *
 * Against a broken or hostile endpoint: a signed request never follows a redirect (a 3xx is an error
 * naming the endpoint); each attempt has a deadline for the whole answer, not only for silence
 * (attemptSignal.ts); a 2xx whose body is not the protocol's JSON is a transient failure, retried with the
 * same idempotency token; and no error text leaves without the credential's secrets scrubbed (redact.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	endpointFor,
	readCredentialData,
	type AwsSageMakerCredentialData,
} from '../credentialData';
import {
	dropExpiredAssumedRole,
	refreshAssumedRoleIfDue,
	sessionMarker,
	sessionSecrets,
} from '../sts/session';
import {
	AttemptSignal,
	callerCancelSignal,
	networkFailureOf,
	responseText,
	signedPostOptions,
	withCancelSignal,
	type FullResponse,
} from './attempt';
import { AwsApiError, parseErrorResponse, requestIdOf } from './errors';
import { JSON_PROTOCOLS, serviceLabel, STS_QUERY, stsQueryBody, type AwsService } from './protocol';
import { displayUrl, safeText, scrubSecrets } from './redact';
import { INVALID_RESPONSE_CODE, REDIRECT_CODE, TIMEOUT_CODE, withStandardRetries } from './retry';

/** What every n8n context that may call AWS offers (execute, trigger, load options, poll). */
export interface AwsCaller {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(
		type: string,
		itemIndex?: number,
	): Promise<T>;
	helpers: {
		httpRequestWithAuthentication: IExecuteFunctions['helpers']['httpRequestWithAuthentication'];
	};
}

export interface AwsCall {
	service: AwsService;
	operation: string;
	/** JSON input for SageMaker and SQS; flat parameters for an STS Query action */
	input?: object;
	/** per attempt, for the whole answer; long polls need more than the default */
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
		return {
			headers: { 'Content-Type': STS_QUERY.contentType },
			body: stsQueryBody(call.operation, call.input),
		};
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

/** The body of a 2xx answer as the protocol promises it: a JSON object (JSON protocols) or text (STS). */
function parseOutput(service: AwsService, text: string): { output: unknown } | { problem: string } {
	if (service === 'sts') return { output: text };
	if (text.trim() === '') return { output: {} };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { problem: `the answer is not complete JSON (${text.length} characters)` };
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		return { problem: 'the answer is JSON but not an object' };
	return { output: parsed };
}

class AwsClientImpl implements AwsClient {
	constructor(
		private readonly caller: AwsCaller,
		private readonly data: AwsSageMakerCredentialData,
		private readonly credentials: ICredentialsDecrypted,
	) {}

	get region(): string {
		return this.data.region;
	}

	endpoint(service: AwsService): string {
		return endpointFor(service, this.data);
	}

	/** Every secret value this client holds: scrubbed from whatever text an error carries. */
	private secrets(): Array<string | undefined> {
		const { keys, assumeRole } = this.data;
		return [
			keys.secretAccessKey,
			keys.sessionToken,
			assumeRole.externalId,
			...sessionSecrets(this.credentials.data),
		];
	}

	private failure(
		call: AwsCall,
		attempt: number,
		details: {
			code: string;
			message: string;
			httpStatus?: number;
			requestId?: string;
			network: boolean;
		},
	) {
		return new AwsApiError({
			service: call.service,
			operation: call.operation,
			...details,
			message: scrubSecrets(details.message, this.secrets()),
			attempts: attempt,
		});
	}

	async call<T>(call: AwsCall): Promise<AwsResult<T>> {
		const { headers, body } = serialize(call);
		const endpoint = this.endpoint(call.service);
		const url = `${endpoint}/`;
		const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		const cancel = callerCancelSignal(this.caller);
		let resentWithFreshKeys = false;
		return await withStandardRetries<AwsResult<T>>(async (attempt) => {
			// Once, or twice when the assumed role's keys expired on the way: then the same attempt goes again
			// with the role assumed anew (not a retry).
			for (;;) {
				refreshAssumedRoleIfDue(this.credentials.data, this.data);
				const keysBefore = sessionMarker(this.credentials.data);
				const attemptSignal = new AttemptSignal(timeoutMs, [call.signal, cancel]);
				const request = signedPostOptions({ url, headers: { ...headers }, body }, attemptSignal);
				let failure: AwsApiError;
				try {
					const response = (await attemptSignal.race(
						this.caller.helpers.httpRequestWithAuthentication.call(
							withCancelSignal(this.caller, attemptSignal.signal) as unknown as IExecuteFunctions,
							CREDENTIAL_TYPE,
							request,
							{ credentialsDecrypted: this.credentials },
						),
					)) as FullResponse;
					const text = responseText(response.body);
					const requestId = requestIdOf(response.headers, text);
					const httpStatus = response.statusCode;
					if (httpStatus >= 200 && httpStatus < 300) {
						const parsed = parseOutput(call.service, text);
						if ('output' in parsed)
							return { answer: { output: parsed.output as T, requestId, attempts: attempt } };
						failure = this.failure(call, attempt, {
							code: INVALID_RESPONSE_CODE,
							message: parsed.problem,
							httpStatus,
							requestId,
							network: false,
						});
					} else if (httpStatus >= 300 && httpStatus < 400) {
						failure = this.failure(call, attempt, {
							code: REDIRECT_CODE,
							message: `${serviceLabel(call.service)} endpoint ${safeText(displayUrl(endpoint), this.secrets())} answered with a redirect (HTTP ${httpStatus}); signed requests never follow redirects`,
							httpStatus,
							requestId,
							network: false,
						});
					} else {
						const { code, message } = parseErrorResponse(httpStatus, response.headers, text);
						if (
							!resentWithFreshKeys &&
							!call.signal?.aborted &&
							dropExpiredAssumedRole(this.credentials.data, this.data, code, keysBefore)
						) {
							resentWithFreshKeys = true;
							continue;
						}
						failure = this.failure(call, attempt, {
							code,
							message,
							httpStatus,
							requestId,
							network: false,
						});
					}
				} catch (error) {
					const network = attemptSignal.timedOut ? 'timedOut' : networkFailureOf(error);
					// Already a NodeApiError from n8n around our CredentialError (which holds no secret).
					if (network === 'signing')
						throw new NodeApiError(this.caller.getNode(), error as JsonObject);
					if (network === 'aborted') {
						// n8n's error holds the signed request: only a plain account of it goes on.
						throw this.failure(call, attempt, {
							code: 'RequestAborted',
							message: 'the request was cancelled',
							network: true,
						});
					}
					failure =
						network === 'timedOut'
							? this.failure(call, attempt, {
									code: TIMEOUT_CODE,
									message: `no complete answer within ${timeoutMs / 1000} s`,
									network: true,
								})
							: this.failure(call, attempt, {
									code: network.code ?? 'NetworkingError',
									message: safeText(network.message, this.secrets()),
									network: true,
								});
				} finally {
					attemptSignal.dispose();
				}
				return {
					failure,
					attempt: failure.details,
					final: call.signal?.aborted === true || cancel?.aborted === true,
				};
			}
		});
	}
}

/** Reads the credential once and returns a client for every call of this execution. */
export async function createAwsClient(caller: AwsCaller): Promise<AwsClient> {
	const raw = await caller.getCredentials(CREDENTIAL_TYPE);
	const reference = caller.getNode().credentials?.[CREDENTIAL_TYPE];
	const credentials: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? CREDENTIAL_TYPE,
		type: CREDENTIAL_TYPE,
		data: raw,
	};
	return new AwsClientImpl(caller, readCredentialData(raw), credentials);
}
