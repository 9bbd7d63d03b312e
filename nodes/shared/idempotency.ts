/**
 * ClientRequestToken for completing a callback step when the user gives none. The AWS SDK
 * would draw a random one per call, so n8n's "Retry On Fail" or re-running a failed execution
 * would send the same completion with a new token and fail on the already-used callback token.
 * Deriving it from the operation, the callback token and the payload makes the same item send
 * the same token every time: SageMaker treats the repeat as the same request.
 */
import { sha256Hex } from './transport/sigv4';

export function deriveClientRequestToken(operation: string, callbackToken: string, payload: unknown): string {
	// 'n8n-' + 64 hex = 68 characters, inside the API's 32–128.
	return `n8n-${sha256Hex(JSON.stringify([operation, callbackToken, payload]))}`;
}
