/**
 * The SQS operations the trigger uses, on the package's one request path (AwsClient, JSON 1.0
 * protocol, signed with the credential, retried like the SDK's standard mode): receive with
 * long polling, delete, change visibility, and ListQueues for the queue picker. Typed in and out;
 * no decisions here about what to do with a message (delivery.ts) or when to poll (poller.ts).
 */
import type { AwsClient } from '../shared/transport/awsRequest';

/** A message as the trigger needs it: the body, the handle to act on it, and when/how often it came. */
export interface ReceivedMessage {
	messageId: string;
	receiptHandle: string;
	body: string;
	/** ApproximateReceiveCount: 1 on first delivery */
	receiveCount?: number;
	/** SentTimestamp as ISO 8601 */
	sentAt?: string;
}

interface WireMessage {
	MessageId?: string;
	ReceiptHandle?: string;
	Body?: string;
	Attributes?: Record<string, string>;
}

export interface ReceiveRequest {
	maxNumberOfMessages: number;
	waitTimeSeconds: number;
	visibilityTimeout: number;
}

/**
 * SQS message ids are UUIDs (36 characters of hex digits and hyphens). An id of another shape came from a
 * broken or hostile endpoint and could put a line break, or text that looks like a secret, into a log
 * line or an error: it is not shown there (the item's `messageId` still carries it as received).
 */
const MESSAGE_ID = /^[0-9A-Fa-f-]{1,100}$/;

/** How log lines and errors name a message: "SQS message <id>", or without an id not of SQS's shape. */
export function messageLabel(messageId: unknown): string {
	return typeof messageId === 'string' && MESSAGE_ID.test(messageId)
		? `SQS message ${messageId}`
		: 'SQS message (id not shown: not an SQS message id)';
}

/** Extra time a long poll may take beyond its wait before the request counts as hung. */
const LONG_POLL_MARGIN_MS = 10_000;

function toReceived(message: WireMessage): ReceivedMessage | undefined {
	if (!message.MessageId || !message.ReceiptHandle) return undefined;
	const count = Number(message.Attributes?.ApproximateReceiveCount);
	const sent = Number(message.Attributes?.SentTimestamp);
	return {
		messageId: message.MessageId,
		receiptHandle: message.ReceiptHandle,
		body: message.Body ?? '',
		receiveCount: Number.isFinite(count) && count > 0 ? count : undefined,
		sentAt: Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : undefined,
	};
}

export class SqsQueue {
	constructor(
		private readonly client: AwsClient,
		readonly queueUrl: string,
	) {}

	async receive(request: ReceiveRequest, signal?: AbortSignal): Promise<ReceivedMessage[]> {
		const { output } = await this.client.call<{ Messages?: WireMessage[] }>({
			service: 'sqs',
			operation: 'ReceiveMessage',
			input: {
				QueueUrl: this.queueUrl,
				MaxNumberOfMessages: request.maxNumberOfMessages,
				WaitTimeSeconds: request.waitTimeSeconds,
				VisibilityTimeout: request.visibilityTimeout,
				MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
			},
			timeoutMs: request.waitTimeSeconds * 1000 + LONG_POLL_MARGIN_MS,
			signal,
		});
		return (output.Messages ?? [])
			.map(toReceived)
			.filter((message): message is ReceivedMessage => message !== undefined);
	}

	async delete(receiptHandle: string, signal?: AbortSignal): Promise<void> {
		await this.client.call({
			service: 'sqs',
			operation: 'DeleteMessage',
			input: { QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle },
			signal,
		});
	}

	/** Sets how long from now the message stays hidden; 0 makes it visible again at once. */
	async changeVisibility(
		receiptHandle: string,
		visibilityTimeout: number,
		signal?: AbortSignal,
	): Promise<void> {
		await this.client.call({
			service: 'sqs',
			operation: 'ChangeMessageVisibility',
			input: {
				QueueUrl: this.queueUrl,
				ReceiptHandle: receiptHandle,
				VisibilityTimeout: visibilityTimeout,
			},
			signal,
		});
	}
}

/** One page of ListQueues: the queue URLs whose name starts with the prefix, and the token of the next page. */
export async function listQueues(
	client: AwsClient,
	request: { queueNamePrefix?: string; nextToken?: string; maxResults: number },
): Promise<{ queueUrls: string[]; nextToken?: string }> {
	const { output } = await client.call<{ QueueUrls?: unknown; NextToken?: unknown }>({
		service: 'sqs',
		operation: 'ListQueues',
		input: {
			...(request.queueNamePrefix ? { QueueNamePrefix: request.queueNamePrefix } : {}),
			...(request.nextToken ? { NextToken: request.nextToken } : {}),
			MaxResults: request.maxResults,
		},
	});
	const queueUrls = Array.isArray(output.QueueUrls)
		? output.QueueUrls.filter((url): url is string => typeof url === 'string')
		: [];
	const nextToken =
		typeof output.NextToken === 'string' && output.NextToken !== '' ? output.NextToken : undefined;
	return { queueUrls, ...(nextToken ? { nextToken } : {}) };
}
