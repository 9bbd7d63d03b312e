/**
 * STS AssumeRole, called from the credential's pre-authentication: sign with the source keys, send
 * through n8n's `helpers.httpRequest` (the only helper pre-authentication gets), retry what the AWS SDK
 * retries, read the XML answer, and turn every refusal into a CredentialError that names the field to fix.
 *
 * The expiry is kept on this machine's clock: STS's Expiration minus STS's Date header, counted from when
 * the request left, less a second for the Date header's resolution — so a skewed host clock neither
 * refreshes on every request nor keeps dead keys.
 *
 * Limits: no MFA, session policies, tags or source identity; no role chaining (one hop from the typed keys).
 */
import type { IHttpRequestHelper } from 'n8n-workflow';

import { endpointFor, fieldName, type AwsSageMakerCredentialData } from '../credentialData';
import { header, parseErrorResponse } from '../transport/errors';
import { STS_QUERY, stsQueryBody } from '../transport/protocol';
import {
	AttemptSignal,
	networkFailureOf,
	responseText,
	signedPostOptions,
	type FullResponse,
} from '../transport/attempt';
import { displayUrl, scrubSecrets } from '../transport/redact';
import {
	INVALID_RESPONSE_CODE,
	isRetryable,
	REDIRECT_CODE,
	TIMEOUT_CODE,
	withStandardRetries,
} from '../transport/retry';
import { signRequest, type AwsCredentialKeys } from '../transport/sigv4';
import { CredentialError } from './credentialError';
import type { AssumeRoleInput } from './fieldChecks';
import { MAX_XML_LENGTH, parseXml, textAt } from './xml';

export interface AssumedRole {
	keys: Required<AwsCredentialKeys>;
	/** arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION — the identity the node then acts as */
	arn: string;
	/** as STS wrote it */
	expiration: string;
	/** epoch ms on this machine's clock after which the keys are dead */
	expiresAt: number;
}

type HttpRequest = IHttpRequestHelper['helpers']['httpRequest'];

const TIMEOUT_MS = 10_000;
const DATE_HEADER_RESOLUTION_MS = 1000;
const RESULT = ['AssumeRoleResponse', 'AssumeRoleResult'];

/** What a refusal from STS means for this credential, with the field to look at. */
function refusal(
	code: string,
	awsMessage: string,
	data: AwsSageMakerCredentialData,
	transient: boolean,
): CredentialError {
	const tail = ` [${code}]`;
	const fail = (what: string, description: string) =>
		new CredentialError(`Assume Role failed: ${what}${tail}`, {
			description,
			awsCode: code,
			transient,
		});
	switch (code) {
		case 'AccessDenied':
			return fail(
				`STS refused to let the keys in ${fieldName('accessKeyId')} assume the role in ${fieldName('roleArn')}. AWS says: ${awsMessage}`,
				[
					`Check three things: the role's trust policy names the identity of ${fieldName('accessKeyId')} as a principal; that identity's own IAM policy allows sts:AssumeRole on the role; and ${fieldName('externalId')} matches the trust policy's sts:ExternalId condition exactly (AWS answers all three with the same AccessDenied, on purpose).`,
					data.assumeRole.externalId
						? ''
						: `${fieldName('externalId')} is empty: if the trust policy has an sts:ExternalId condition, fill it in.`,
				]
					.filter(Boolean)
					.join(' '),
			);
		case 'InvalidClientTokenId':
		case 'UnrecognizedClientException':
			return fail(
				`AWS does not know the source key in ${fieldName('accessKeyId')} (or its ${fieldName('sessionToken')} does not belong to it)`,
				`Check the key was copied whole, is active, and belongs to the partition of the region (aws, aws-cn or aws-us-gov). Temporary keys (ASIA…) need their ${fieldName('sessionToken')}.`,
			);
		case 'SignatureDoesNotMatch':
		case 'InvalidSignatureException':
			return fail(
				`the signature did not match: ${fieldName('secretAccessKey')} does not belong to ${fieldName('accessKeyId')}`,
				"Paste the secret again (no spaces). If it is right, this machine's clock may be off by more than 5 minutes, or a custom STS endpoint may sign for another region.",
			);
		case 'ExpiredToken':
		case 'ExpiredTokenException':
			return fail(
				`the source keys have expired: ${fieldName('sessionToken')} is no longer valid`,
				`Temporary source keys expire. Put fresh ${fieldName('accessKeyId')}, ${fieldName('secretAccessKey')} and ${fieldName('sessionToken')} in the credential, or use long-lived keys of an IAM user for the source.`,
			);
		case 'RegionDisabledException':
			return fail(
				`STS is not activated in ${data.region} for this account`,
				`Activate the region in IAM → Account settings → Security Token Service, or pick another ${fieldName('region')}, or point ${fieldName('stsEndpoint')} at an active region.`,
			);
		case 'IncompleteSignature':
		case 'MissingAuthenticationToken':
			return fail(
				'the request reached STS unsigned or half-signed',
				'If a proxy sits in between, it must pass the Authorization and X-Amz-* headers through unchanged.',
			);
		case 'ValidationError':
			if (/duration/i.test(awsMessage)) {
				return fail(
					`${fieldName('durationSeconds')} is longer than the role allows. AWS says: ${awsMessage}`,
					'Lower it to the role\'s "Maximum session duration" (IAM → Roles → the role; 1 hour by default), or raise that maximum. A session assumed from another role session is limited to 1 hour.',
				);
			}
			return fail(
				`STS rejected a parameter. AWS says: ${awsMessage}`,
				`Check ${fieldName('roleArn')}, ${fieldName('roleSessionName')} and ${fieldName('externalId')}.`,
			);
		default:
			return fail(`STS answered: ${awsMessage}`, 'See the AWS code at the end of the message.');
	}
}

// n8n replaces any error message that contains a Node.js error code (ECONNREFUSED, ENOTFOUND...) with a
// generic sentence, which would hide which endpoint failed: the message says it in words, the
// description carries the code.
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host name not found',
	EAI_AGAIN: 'DNS lookup failed',
	ETIMEDOUT: 'timed out',
	ECONNABORTED: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/** What STS hands out goes into request headers: printable ASCII only, bounded (AWS: key ids 16–128 word characters). */
const KEY_ID = /^\w{16,128}$/;
const HEADER_SAFE = /^[\x21-\x7e]{1,16384}$/;

/** A broken answer (cut off, not XML) may be a glitch on the way: worth another attempt, like the transport's. */
function unusable(what: string, transient = true): CredentialError {
	return new CredentialError(
		`Assume Role failed: STS answered without usable credentials (${what})`,
		{
			description: `If ${fieldName('stsEndpoint')} is set, check it points at STS and not at a proxy or another service.`,
			awsCode: INVALID_RESPONSE_CODE,
			transient,
		},
	);
}

/** The role's keys, or why the answer cannot give them (returned, so the caller decides whether to try again). */
function parseAnswer(
	text: string,
	headers: FullResponse['headers'],
	sentAt: number,
): AssumedRole | CredentialError {
	const root = parseXml(text);
	if (!root)
		return unusable(
			text.length > MAX_XML_LENGTH
				? `an answer of ${text.length} characters`
				: 'the answer is not the XML STS sends',
		);
	const credential = (name: string) => textAt(root, [...RESULT, 'Credentials', name]);
	const accessKeyId = credential('AccessKeyId');
	const secretAccessKey = credential('SecretAccessKey');
	const sessionToken = credential('SessionToken');
	const expiration = credential('Expiration');
	const arn = textAt(root, [...RESULT, 'AssumedRoleUser', 'Arn']) ?? '';
	const expirationMs = expiration ? Date.parse(expiration) : Number.NaN;
	if (!accessKeyId || !secretAccessKey || !sessionToken || !Number.isFinite(expirationMs)) {
		return unusable('no AccessKeyId, SecretAccessKey, SessionToken or Expiration');
	}
	if (
		!KEY_ID.test(accessKeyId) ||
		!HEADER_SAFE.test(secretAccessKey) ||
		!HEADER_SAFE.test(sessionToken) ||
		arn.length > 2048
	) {
		return unusable('malformed keys', false);
	}
	const serverDate = Date.parse(header(headers, 'date') ?? '');
	const expiresAt = Number.isFinite(serverDate)
		? sentAt + (expirationMs - serverDate) - DATE_HEADER_RESOLUTION_MS
		: expirationMs;
	// Keys already dead would make every request assume the role again.
	if (expiresAt <= Date.now())
		return unusable(`they expired at ${expiration!.slice(0, 40)}, before they arrived`, false);
	return {
		keys: { accessKeyId, secretAccessKey, sessionToken },
		arn,
		expiration: expiration!,
		expiresAt,
	};
}

/** Calls STS AssumeRole with the credential's source keys; throws CredentialError. */
export async function assumeRole(
	httpRequest: HttpRequest,
	data: AwsSageMakerCredentialData,
	input: AssumeRoleInput,
): Promise<AssumedRole> {
	if (!data.keys.accessKeyId || !data.keys.secretAccessKey) {
		const missing = data.keys.accessKeyId ? 'secretAccessKey' : 'accessKeyId';
		throw new CredentialError(`Assume Role failed: ${fieldName(missing)} is empty`, {
			description:
				"Assume Role calls STS with these source keys: an IAM user's keys (or temporary keys) that the role's trust policy allows.",
		});
	}
	const endpoint = endpointFor('sts', data);
	const url = `${endpoint}/`;
	if (!/^https?:\/\/[^/]/i.test(url)) {
		throw new CredentialError(
			`Assume Role failed: ${fieldName('stsEndpoint')} must be a URL starting with https://`,
			{
				description:
					'For example https://sts.eu-west-1.amazonaws.com or the DNS name of an STS VPC endpoint, with https://.',
			},
		);
	}
	const body = stsQueryBody('AssumeRole', input);
	return await withStandardRetries<AssumedRole>(async () => {
		const headers = signRequest(
			{ method: 'POST', url, headers: { 'Content-Type': STS_QUERY.contentType }, body },
			data.keys,
			{ service: 'sts', region: data.region },
		);
		const sentAt = Date.now();
		let response: FullResponse | undefined;
		let networkCode: string | undefined;
		const attemptSignal = new AttemptSignal(TIMEOUT_MS, []);
		try {
			// Signed with the source keys: never sent anywhere but the STS endpoint (no redirect followed).
			response = (await attemptSignal.race(
				httpRequest(signedPostOptions({ url, headers, body }, attemptSignal)),
			)) as FullResponse;
		} catch (error) {
			// Only the code: the error object holds the signed request.
			const failure = attemptSignal.timedOut ? { code: TIMEOUT_CODE } : networkFailureOf(error);
			networkCode = typeof failure === 'object' ? failure.code : undefined;
		} finally {
			attemptSignal.dispose();
		}
		const network = response === undefined;
		let code = networkCode ?? 'NetworkingError';
		let awsMessage = '';
		const httpStatus = response?.statusCode;
		if (response) {
			const text = responseText(response.body);
			if (response.statusCode >= 300 && response.statusCode < 400) {
				throw new CredentialError(
					`Assume Role failed: the STS endpoint answered with a redirect (HTTP ${response.statusCode}); requests signed with the source keys never follow redirects`,
					{
						description: `Check ${fieldName('stsEndpoint')} (with Custom Endpoints on) and any proxy in between: it must be STS itself.`,
						awsCode: REDIRECT_CODE,
					},
				);
			}
			if (response.statusCode >= 200 && response.statusCode < 300) {
				const answer = parseAnswer(text, response.headers, sentAt);
				if (!(answer instanceof CredentialError)) return { answer };
				// A cut-off or unreadable answer may be retried; an answer that says no keys never is.
				return {
					failure: answer,
					attempt: { code: INVALID_RESPONSE_CODE, network: false },
					final: answer.transient !== true,
				};
			}
			({ code, message: awsMessage } = parseErrorResponse(
				response.statusCode,
				response.headers,
				text,
			));
			awsMessage = scrubSecrets(awsMessage, [
				data.keys.secretAccessKey,
				data.keys.sessionToken,
				data.assumeRole.externalId,
			]);
		}
		const transient = isRetryable({ code, httpStatus, network });
		if (network) {
			// The endpoint as typed may hold a user name and password: the message names it without them.
			const failure = new CredentialError(
				`Assume Role failed: no answer from STS at ${displayUrl(endpoint)}/ (${NETWORK_WORDS[code] ?? 'network error'})`,
				{
					description:
						(data.customEndpoints && data.stsEndpoint
							? `Check ${fieldName('stsEndpoint')}, and that this n8n host can reach it.`
							: `Check ${fieldName('region')} and that this n8n host can reach AWS (proxy, firewall, VPC endpoint for STS).`) +
						` Network error code: ${code}.`,
					awsCode: code,
					transient: true,
				},
			);
			return { failure, attempt: { code, httpStatus, network } };
		}
		return {
			failure: refusal(code, awsMessage, data, transient),
			attempt: { code, httpStatus, network },
		};
	});
}
