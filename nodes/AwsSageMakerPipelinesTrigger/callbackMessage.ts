/**
 * Reads an SQS message body as the message a SageMaker callback step sends
 * (`{"token","pipelineExecutionArn","arguments","status"}`, SageMaker developer guide, "Callback
 * step") and turns it into the item the workflow gets. A body that is not such a message yields
 * the reason, never an exception: the caller reports it and leaves the message in the queue.
 * `readCallbackMessages` adds the trigger's filters: another pipeline than the ones named is left
 * for other consumers of the queue; a skipped "Stopping" message is deleted (the user's choice).
 *
 * The step's arguments come out as `stepArguments`: n8n expressions refuse any property named
 * `arguments` ("Cannot access "arguments" due to security concerns"), so `{{$json.arguments.x}}`
 * could never work. Unknown `status` values are passed on as they are (AWS may add some).
 */
import type { IDataObject } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../shared/arn';
import { LIMITS } from '../shared/validation';
import type { MessageReader } from './delivery';
import { quoted } from './quote';
import type { ReceivedMessage } from './sqs';

export interface CallbackMessage {
	token: string;
	pipelineExecutionArn: string;
	/** lower-case, as in the ARN; undefined when the ARN is not a pipeline execution ARN */
	pipelineName?: string;
	stepArguments: IDataObject;
	/** "Executing", or "Stopping" when someone stopped the pipeline (the step still waits for success or failure) */
	status: string;
}

export type ParseResult = { message: CallbackMessage } | { problem: string };

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function parseCallbackMessage(body: string): ParseResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return { problem: `the body is not JSON (${body.length} characters)` };
	}
	if (!isObject(parsed)) return { problem: 'the body is JSON but not an object' };
	if (typeof parsed['detail-type'] === 'string' && typeof parsed.source === 'string') {
		return { problem: `it is an EventBridge event (${quoted(parsed['detail-type'])}): read this queue with Message Source "Pipeline Events (EventBridge)"` };
	}

	const { token, pipelineExecutionArn, status } = parsed;
	const stepArguments = parsed.arguments ?? {};
	const { length, pattern } = LIMITS.callbackToken;
	if (typeof token !== 'string' || token.length !== length || !pattern.test(token)) {
		return { problem: `"token" is missing or not ${length} letters or digits` };
	}
	if (typeof pipelineExecutionArn !== 'string' || !pipelineExecutionArn.startsWith('arn:')) {
		return { problem: '"pipelineExecutionArn" is missing or not an ARN' };
	}
	if (typeof status !== 'string' || status === '') {
		return { problem: '"status" is missing' };
	}
	if (!isObject(stepArguments)) {
		return { problem: '"arguments" is not an object' };
	}
	return {
		message: {
			token,
			pipelineExecutionArn,
			pipelineName: parsePipelineExecutionArn(pipelineExecutionArn).pipelineName?.toLowerCase(),
			stepArguments: stepArguments as IDataObject,
			status,
		},
	};
}

/** The json of the item the workflow starts with: the callback message plus where it came from. */
export function callbackItemJson(message: CallbackMessage, received: ReceivedMessage): IDataObject {
	const json: IDataObject = {
		token: message.token,
		pipelineExecutionArn: message.pipelineExecutionArn,
		pipelineName: message.pipelineName,
		stepArguments: message.stepArguments,
		status: message.status,
		messageId: received.messageId,
		receiveCount: received.receiveCount,
		sentAt: received.sentAt,
	};
	return withoutUndefined(json);
}

/** The item without the fields a message does not have: absent, not null, in n8n's output. */
export function withoutUndefined(json: IDataObject): IDataObject {
	for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
	return json;
}

export interface CallbackFilters {
	/** lower-cased; empty means every pipeline */
	pipelineNames: string[];
	includeStopping: boolean;
}

/** What the trigger does with each message of a callback queue (delivery.ts carries it out). */
export function readCallbackMessages({ pipelineNames, includeStopping }: CallbackFilters): MessageReader {
	return (received) => {
		const parsed = parseCallbackMessage(received.body);
		if ('problem' in parsed) return { unreadable: `is not a SageMaker callback message: ${parsed.problem}` };
		const { message } = parsed;
		if (pipelineNames.length > 0 && !pipelineNames.includes(message.pipelineName ?? '')) {
			return { skip: 'leave', why: `is for pipeline "${message.pipelineName}", not one of ${pipelineNames.join(', ')}` };
		}
		if (message.status === 'Stopping' && !includeStopping) return { skip: 'delete', why: 'is a Stopping message, and those are skipped' };
		return { item: callbackItemJson(message, received) };
	};
}
