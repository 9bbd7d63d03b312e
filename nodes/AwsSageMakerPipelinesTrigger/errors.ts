/**
 * How the trigger words an AWS error in its log lines, and which errors are worth waiting out
 * (network, throttling, 5xx, broken answers: the transport's own retry rules; STS out of reach while the
 * role is assumed again) rather than reporting at once, which ends polling.
 */
import { CredentialError } from '../shared/sts/credentialError';
import { AwsApiError } from '../shared/transport/errors';
import { isRetryable } from '../shared/transport/retry';

export function describeError(error: unknown): string {
	if (error instanceof AwsApiError) return `${error.details.message} [${error.details.code}]`;
	return error instanceof Error ? error.message : String(error);
}

export function isTransient(error: unknown): boolean {
	if (error instanceof AwsApiError) {
		const { code, httpStatus, network } = error.details;
		return isRetryable({ code, httpStatus, network });
	}
	// Assume Role failing on the way (n8n wraps the credential's error in its own)
	const credentialError =
		error instanceof CredentialError ? error : (error as { cause?: unknown })?.cause;
	return credentialError instanceof CredentialError && credentialError.transient;
}
