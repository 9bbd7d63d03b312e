/**
 * When to try an AWS call again and how long to wait first. The bar is the AWS SDK v3
 * "standard" retry mode: 3 attempts, exponential backoff with full jitter from a 100 ms base
 * (500 ms after throttling), capped at 20 s; throttling, 5xx and network errors are retried,
 * other 4xx never (a used callback token will not become valid by waiting).
 * Not modelled: the SDK's client-wide retry quota; each item retries on its own.
 */

export interface RetryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	throttledBaseDelayMs: number;
	maxDelayMs: number;
}

export const STANDARD_RETRY: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 100,
	throttledBaseDelayMs: 500,
	maxDelayMs: 20_000,
};

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

const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalFailure', 'ServiceUnavailable']);

const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'EPIPE',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
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
	if (failure.network) return failure.code === undefined || TRANSIENT_NETWORK_CODES.has(failure.code);
	if (isThrottling(failure.code, failure.httpStatus)) return true;
	if (failure.code !== undefined && TRANSIENT_CODES.has(failure.code)) return true;
	return failure.httpStatus !== undefined && RETRYABLE_STATUS.has(failure.httpStatus);
}

/** Full-jitter delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(
	policy: RetryPolicy,
	attempt: number,
	throttled: boolean,
	random: () => number = Math.random,
): number {
	const base = throttled ? policy.throttledBaseDelayMs : policy.baseDelayMs;
	const ceiling = Math.min(policy.maxDelayMs, base * 2 ** (attempt - 1));
	return Math.floor(random() * ceiling);
}
