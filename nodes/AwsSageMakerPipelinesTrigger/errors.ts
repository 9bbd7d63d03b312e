/**
 * How the trigger words an AWS error in its log lines, and which errors are worth waiting out
 * (network, throttling, 5xx: the transport's own retry rules) rather than reporting at once.
 */
import { AwsApiError } from '../shared/transport/errors';
import { isRetryable } from '../shared/transport/retry';

export function describeError(error: unknown): string {
	if (error instanceof AwsApiError) return `${error.details.message} [${error.details.code}]`;
	return error instanceof Error ? error.message : String(error);
}

export function isTransient(error: unknown): boolean {
	if (!(error instanceof AwsApiError)) return false;
	const { code, httpStatus, network } = error.details;
	return isRetryable({ code, httpStatus, network });
}
