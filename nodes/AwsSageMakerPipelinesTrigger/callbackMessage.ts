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
import { isObject, itemJson, parseBody, quoted } from './messageJson';

interface CallbackMessage {
	token: string;
	pipelineExecutionArn: string;
	/** lower-case, as in the ARN; undefined when the ARN is not a pipeline execution ARN */
	pipelineName?: string;
	stepArguments: IDataObject;
	/** "Executing", or "Stopping" when someone stopped the pipeline (the step still waits for success or failure) */
	status: string;
}

type ParseResult = { message: CallbackMessage } | { problem: string };

function parseCallbackMessage(body: string): ParseResult {
	const read = parseBody(body);
	if ('problem' in read) return read;
	const parsed = read.object;
	if (typeof parsed['detail-type'] === 'string' && typeof parsed.source === 'string') {
		return {
			problem: `it is an EventBridge event (${quoted(parsed['detail-type'])}): read this queue with Message Source "Pipeline Events (EventBridge)"`,
		};
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

export interface CallbackFilters {
	/** lower-cased; empty means every pipeline */
	pipelineNames: string[];
	includeStopping: boolean;
}

/** What the trigger does with each message of a callback queue (delivery.ts carries it out). */
export function readCallbackMessages({
	pipelineNames,
	includeStopping,
}: CallbackFilters): MessageReader {
	return (received) => {
		const parsed = parseCallbackMessage(received.body);
		if ('problem' in parsed)
			return { unreadable: `is not a SageMaker callback message: ${parsed.problem}` };
		const { message } = parsed;
		if (pipelineNames.length > 0 && !pipelineNames.includes(message.pipelineName ?? '')) {
			return {
				skip: 'leave',
				why: `is for pipeline ${quoted(message.pipelineName)}, not one of ${pipelineNames.join(', ')}`,
			};
		}
		if (message.status === 'Stopping' && !includeStopping)
			return { skip: 'delete', why: 'is a Stopping message, and those are skipped' };
		const { token, pipelineExecutionArn, pipelineName, stepArguments, status } = message;
		return {
			item: itemJson(
				{ token, pipelineExecutionArn, pipelineName, stepArguments, status },
				received,
			),
		};
	};
}
