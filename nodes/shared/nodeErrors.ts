/**
 * Turns what went wrong for one item into the error n8n shows: bad input → NodeOperationError
 * naming the field; an AWS answer → NodeApiError with the AWS code, HTTP status, request id
 * and a hint. Both carry the item index, so "continue on fail" pairs them to their item.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { hintFor } from './hints';
import { AwsApiError } from './transport/errors';
import { serviceLabel } from './transport/protocol';
import { InputError } from './validation';

export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof InputError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: error.hint });
	}
	if (error instanceof AwsApiError) {
		const details = error.details;
		const message = `${serviceLabel(details.service)} ${details.operation} failed: ${details.message} [${details.code}]`;
		const facts = [
			`AWS error code: ${details.code}`,
			details.httpStatus !== undefined ? `HTTP status: ${details.httpStatus}` : undefined,
			details.requestId ? `Request ID: ${details.requestId}` : undefined,
		].filter(Boolean);
		const description = [hintFor(details), facts.join(' · ')].filter(Boolean).join('\n\n');
		const apiError = new NodeApiError(node, { ...details } as unknown as JsonObject, {
			message,
			description,
			httpCode: details.httpStatus !== undefined ? String(details.httpStatus) : undefined,
			itemIndex,
		});
		// n8n swaps any message containing "ENOTFOUND" (case-insensitive) for a DNS hint, and AWS's
		// "ResourceNotFound" contains it; keep AWS's code visible.
		apiError.message = message;
		return apiError;
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** The json of an error item under "continue on fail": the message, code and hint, no secrets. */
export function errorItemJson(error: NodeApiError | NodeOperationError): JsonObject {
	const json: JsonObject = { error: error.message };
	if (error.description) json.description = error.description;
	const context =
		error instanceof NodeApiError ? (error.errorResponse as JsonObject | undefined) : undefined;
	if (context?.code) json.code = context.code;
	if (context?.requestId) json.requestId = context.requestId;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}
