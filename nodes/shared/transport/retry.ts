/**
 * When to try an AWS call again and how long to wait first. The bar is the AWS SDK v3
 * "standard" retry mode: 3 attempts, exponential backoff with full jitter from a 100 ms base
 * (500 ms after throttling), capped at 20 s; throttling, 5xx and network errors are retried,
 * other 4xx never (a used callback token will not become valid by waiting). As in the SDK, a failure
 * with no complete answer is transient: a connection refused, reset or cut off mid-answer, a deadline
 * passed, a 2xx whose body is cut off or not JSON (the operation may have run: the retry carries the same
 * idempotency token). Not transient: a redirect (signed requests never follow one), and TLS or URL errors.
 * Not modelled: the SDK's client-wide retry quota; each item retries on its own. `withStandardRetries` is the
 * one retry loop: the transport and Assume Role (STS with the source keys) both run their attempts through it.
 */
import { sleep } from 'n8n-workflow';

/** Codes the transport gives failures AWS did not name. */
export const INVALID_RESPONSE_CODE = 'InvalidResponse';
export const REDIRECT_CODE = 'EndpointRedirect';
export const TIMEOUT_CODE = 'TimeoutError';

export const STANDARD_RETRY = {
	maxAttempts: 3,
	baseDelayMs: 100,
	throttledBaseDelayMs: 500,
	maxDelayMs: 20_000,
} as const;

const THROTTLING_CODES = new Set([
	'Throttling',
	'ThrottlingException',
	'ThrottledException',
	'RequestThrottledException',
	'TooManyRequestsException',
	'ProvisionedThroughputExceededException',
	'TransactionInProgressException',
	'RequestLimitExceeded',
	'BandwidthLimitExceeded',
	'LimitExceededException',
	'RequestThrottled',
	'SlowDown',
	'PriorRequestNotComplete',
	'EC2ThrottledException',
	'AWS.SimpleQueueService.RequestThrottled',
]);

const TRANSIENT_CODES = new Set([
	TIMEOUT_CODE,
	INVALID_RESPONSE_CODE,
	'RequestTimeout',
	'RequestTimeoutException',
	'InternalFailure',
	'InternalError',
	'ServiceUnavailable',
]);

/** Network failures that no retry can fix: the request was refused before any exchange, or cancelled. */
const PERMANENT_NETWORK_CODES = new Set([
	'RequestAborted',
	'ERR_INVALID_URL',
	'ERR_FR_TOO_MANY_REDIRECTS',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export function isThrottling(code: string | undefined, httpStatus?: number): boolean {
	return (code !== undefined && THROTTLING_CODES.has(code)) || httpStatus === 429;
}

/** A failed attempt as the retry decision sees it. */
export interface AttemptFailure {
	code?: string;
	httpStatus?: number;
	/** true when no HTTP answer came back (connection refused, reset, timed out) */
	network: boolean;
}

export function isRetryable(failure: AttemptFailure): boolean {
	if (failure.network)
		return failure.code === undefined || !PERMANENT_NETWORK_CODES.has(failure.code);
	if (isThrottling(failure.code, failure.httpStatus)) return true;
	if (failure.code !== undefined && TRANSIENT_CODES.has(failure.code)) return true;
	return failure.httpStatus !== undefined && RETRYABLE_STATUS.has(failure.httpStatus);
}

/** Full-jitter delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(attempt: number, throttled: boolean): number {
	const base = throttled ? STANDARD_RETRY.throttledBaseDelayMs : STANDARD_RETRY.baseDelayMs;
	const ceiling = Math.min(STANDARD_RETRY.maxDelayMs, base * 2 ** (attempt - 1));
	return Math.floor(Math.random() * ceiling);
}

/**
 * What one attempt came to: the answer, or the error to report with what the retry decision reads
 * (`final` when nothing may be tried again, e.g. the execution was cancelled).
 */
export type AttemptOutcome<T> =
	| { answer: T }
	| { failure: Error; attempt: AttemptFailure; final?: boolean };

/**
 * Runs `attempt` (numbered from 1) until it answers, fails in a way `isRetryable` does not retry, or the
 * standard mode's attempts are used up, waiting `backoffDelayMs` in between; then the last failure is
 * thrown. An attempt may also throw itself, for a failure no retry can change.
 */
export async function withStandardRetries<T>(
	attempt: (attemptNumber: number) => Promise<AttemptOutcome<T>>,
): Promise<T> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		const outcome = await attempt(attemptNumber);
		if ('answer' in outcome) return outcome.answer;
		const { code, httpStatus } = outcome.attempt;
		if (
			outcome.final ||
			!isRetryable(outcome.attempt) ||
			attemptNumber >= STANDARD_RETRY.maxAttempts
		) {
			throw outcome.failure;
		}
		await sleep(backoffDelayMs(attemptNumber, isThrottling(code, httpStatus)));
	}
}
