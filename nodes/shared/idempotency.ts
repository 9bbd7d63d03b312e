/**
 * ClientRequestToken for completing a callback step when the user gives none. The AWS SDK
 * would draw a random one per call, so n8n's "Retry On Fail" or re-running a failed execution
 * would send the same completion with a new token and fail on the already-used callback token.
 * Deriving it from the operation, the callback token and the payload makes the same item send
 * the same token every time: SageMaker treats the repeat as the same request.
 */
import { sha256Hex } from './sha256';

export function deriveClientRequestToken(
	operation: string,
	callbackToken: string,
	payload: unknown,
): string {
	// 'n8n-' + 64 hex = 68 characters, inside the API's 32–128.
	return `n8n-${sha256Hex(JSON.stringify([operation, callbackToken, payload]))}`;
}

/** Where one request of an n8n run comes from: the run, the node in it, the item. */
export interface RunScope {
	executionId: string;
	nodeId: string;
	itemIndex: number;
}

/**
 * ClientRequestToken for starting, stopping or retrying a pipeline execution when the user gives
 * none. Unlike a callback token, these requests may rightly be made again later with the same
 * input (the same pipeline started every night, a retried execution failing and being retried
 * again), so the token is scoped to one n8n run, node and item rather than to the payload:
 * n8n's "Retry On Fail" and the transport's retries send the same token and SageMaker answers
 * with the execution it already started; the next run of the workflow starts a new one.
 */
export function deriveRunScopedClientRequestToken(operation: string, scope: RunScope): string {
	return `n8n-${sha256Hex(JSON.stringify([operation, scope.executionId, scope.nodeId, scope.itemIndex]))}`;
}
