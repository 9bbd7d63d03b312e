/**
 * The idempotency token of the requests that change something, and the Client Request Token option that
 * sets it. Left empty, the node derives one (shared/idempotency.ts says why each way): Send Step Success
 * and Failure from the callback token and what is sent; Start, Stop, Retry and Approve or Reject from the
 * n8n run, node and item.
 */
import { randomUUID } from 'node:crypto';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	deriveClientRequestToken,
	deriveRunScopedClientRequestToken,
} from '../../shared/idempotency';
import { checkClientRequestToken } from '../../shared/validation';
import type { ItemParameters } from './itemParameters';

function clientRequestTokenOption(description: string): INodeProperties {
	return {
		displayName: 'Client Request Token',
		name: 'clientRequestToken',
		type: 'string',
		// n8n's verification requires a password field for every parameter named "…token": the value is masked.
		typeOptions: { password: true },
		default: '',
		description,
	};
}

export const callbackClientRequestTokenOption = clientRequestTokenOption(
	'Idempotency token (32–128 characters). Leave empty: the node derives one from the callback token and what is sent, so running the same item again is recognised by SageMaker as the same request.',
);

export const pipelineClientRequestTokenOption = clientRequestTokenOption(
	'Idempotency token (32–128 characters): SageMaker carries out a request with a token it has seen once only. Leave empty: the node derives one per n8n execution and item, so "Retry On Fail" never acts twice while the next run of the workflow acts again. Set it (e.g. from the event that started the workflow) to act once per event across runs.',
);

/** The item's Client Request Token option, checked; or, when empty, one derived from the callback token and the payload. */
export function callbackClientRequestToken(
	parameters: ItemParameters,
	itemIndex: number,
	operation: string,
	callbackToken: string,
	payload: unknown,
): string {
	const { clientRequestToken } = parameters.get('options', itemIndex, {}) as {
		clientRequestToken?: unknown;
	};
	return clientRequestToken
		? checkClientRequestToken(clientRequestToken)
		: deriveClientRequestToken(operation, callbackToken, payload);
}

/** The user's token, checked; or, when none is given, one derived from the n8n run, node and item. */
export function runScopedClientRequestToken(
	this: IExecuteFunctions,
	itemIndex: number,
	operation: string,
	given?: unknown,
): string {
	if (given !== undefined && given !== null && given !== '')
		return checkClientRequestToken(String(given));
	// Without an execution id (never seen in n8n, but not promised) fall back to the SDK's behaviour: a fresh token.
	const executionId = this.getExecutionId() || randomUUID();
	return deriveRunScopedClientRequestToken(operation, {
		executionId,
		nodeId: this.getNode().id,
		itemIndex,
	});
}
