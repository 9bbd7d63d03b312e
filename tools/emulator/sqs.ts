/**
 * Amazon SQS (JSON 1.0, query-compatible errors) as far as the callback trigger and its tests need it:
 * standard queues with real visibility semantics, long polling, receive counts, redrive to a dead-letter queue.
 *
 * Semantics kept from SQS: a received message is invisible for the visibility timeout, then comes back with its
 * receive count incremented and a new receipt handle; deleting with a superseded handle succeeds but deletes
 * nothing (SQS's documented behaviour — a trigger that deletes late can lose track of a message this way);
 * a handle never issued is ReceiptHandleIsInvalid; a long poll answers as soon as a message becomes visible and
 * ends empty when the emulator closes; after maxReceiveCount receives the next receive moves the message to the
 * dead-letter queue. Limits and messages as SQS words them (MaxNumberOfMessages 1–10, WaitTimeSeconds 0–20,
 * VisibilityTimeout 0–43200, batches of 1–10 with distinct ids, bodies up to MaximumMessageSize).
 *
 * Not covered: FIFO queues, tags, policies, KMS, message timers per queue beyond DelaySeconds, queue deletion,
 * retention beyond dropping expired messages on access. A queue URL is matched by its path
 * (`/<account>/<name>`), whatever host it names.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ApiError } from './errors';
import type { OperationContext, OperationHandler, ServiceDefinition } from './server';
import { checkShape, type Shape, type StructureShape } from './validate';

/** SQS's modelled errors: awsQuery code and status, from the SDK's error schemas. */
const SQS_ERRORS: Record<string, [string, number]> = {
	QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
	QueueNameExists: ['QueueAlreadyExists', 400],
	ReceiptHandleIsInvalid: ['ReceiptHandleIsInvalid', 404],
	MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
	EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
	TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
	BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
	InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
	BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
	PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
	UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
	InvalidAttributeName: ['InvalidAttributeName', 400],
	InvalidAttributeValue: ['InvalidAttributeValue', 400],
	InvalidMessageContents: ['InvalidMessageContents', 400],
	InvalidAddress: ['InvalidAddress', 404],
};

function sqsError(shape: keyof typeof SQS_ERRORS, message: string): ApiError {
	const [queryCode, status] = SQS_ERRORS[shape];
	return new ApiError(shape, message, status, { namespace: 'com.amazonaws.sqs', queryCode });
}

/** Unmodelled parameter errors: SQS answers them as coral validation errors with a query code. */
function parameterError(
	queryCode: 'InvalidParameterValue' | 'MissingParameter',
	message: string,
): ApiError {
	return new ApiError('ValidationException', message, 400, {
		namespace: 'com.amazon.coral.validate',
		queryCode,
	});
}

const invalidValue = (name: string, value: unknown, reason: string) =>
	parameterError(
		'InvalidParameterValue',
		`Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`,
	);

const MAX_RECEIVE_BATCH = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_SECONDS = 43200;
const MAX_DELAY_SECONDS = 900;
const MAX_BATCH_ENTRIES = 10;
const PURGE_COOLDOWN_MS = 60_000;
const DEFAULT_QUEUE_ATTRIBUTES = {
	VisibilityTimeout: '30',
	DelaySeconds: '0',
	MaximumMessageSize: '262144',
	MessageRetentionPeriod: '345600',
	ReceiveMessageWaitTimeSeconds: '0',
};
const SETTABLE_ATTRIBUTES = new Set([
	...Object.keys(DEFAULT_QUEUE_ATTRIBUTES),
	'RedrivePolicy',
	'Policy',
	'SqsManagedSseEnabled',
]);
const QUEUE_ATTRIBUTE_NAMES = [
	'Policy',
	'VisibilityTimeout',
	'MaximumMessageSize',
	'MessageRetentionPeriod',
	'ApproximateNumberOfMessages',
	'ApproximateNumberOfMessagesNotVisible',
	'CreatedTimestamp',
	'LastModifiedTimestamp',
	'QueueArn',
	'ApproximateNumberOfMessagesDelayed',
	'DelaySeconds',
	'ReceiveMessageWaitTimeSeconds',
	'RedrivePolicy',
	'FifoQueue',
	'ContentBasedDeduplication',
	'KmsMasterKeyId',
	'KmsDataKeyReusePeriodSeconds',
	'DeduplicationScope',
	'FifoThroughputLimit',
	'RedriveAllowPolicy',
	'SqsManagedSseEnabled',
];
const MESSAGE_SYSTEM_ATTRIBUTE_NAMES = [
	'SenderId',
	'SentTimestamp',
	'ApproximateReceiveCount',
	'ApproximateFirstReceiveTimestamp',
	'SequenceNumber',
	'MessageDeduplicationId',
	'MessageGroupId',
	'AWSTraceHeader',
	'DeadLetterQueueSourceArn',
];

interface MessageAttribute {
	DataType: string;
	StringValue?: string;
	BinaryValue?: string;
}

export interface SqsMessage {
	messageId: string;
	body: string;
	md5OfBody: string;
	messageAttributes?: Record<string, MessageAttribute>;
	md5OfMessageAttributes?: string;
	senderId: string;
	sentAt: number;
	visibleAt: number;
	receiveCount: number;
	firstReceiveAt?: number;
	/** The handle of the latest receive; older handles are stale. */
	receiptHandle?: string;
	deadLetterSourceArn?: string;
}

interface Queue {
	name: string;
	url: string;
	arn: string;
	attributes: Record<string, string>;
	createdAt: number;
	modifiedAt: number;
	messages: SqsMessage[];
	lastPurgeAt?: number;
	stats: { deleted: number; movedToDlq: number; receives: number; staleDeletes: number };
	/** Long polls waiting on this queue. */
	waiters: Set<() => void>;
}

export interface QueueOptions {
	maxReceiveCount?: number;
	deadLetterQueueName?: string;
	visibilityTimeoutSeconds?: number;
	delaySeconds?: number;
	receiveMessageWaitTimeSeconds?: number;
}

export interface QueueStats {
	visible: number;
	inFlight: number;
	delayed: number;
	deleted: number;
	movedToDlq: number;
	receives: number;
	staleDeletes: number;
}

const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

/** SQS's digest of message attributes: names sorted, each as length-prefixed name, type, transport byte, value. */
function md5OfAttributes(attributes: Record<string, MessageAttribute>): string {
	const parts: Buffer[] = [];
	const lengthPrefixed = (bytes: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(bytes.length);
		parts.push(length, bytes);
	};
	for (const name of Object.keys(attributes).sort()) {
		const attribute = attributes[name];
		lengthPrefixed(Buffer.from(name, 'utf8'));
		lengthPrefixed(Buffer.from(attribute.DataType, 'utf8'));
		const binary = attribute.BinaryValue !== undefined;
		parts.push(Buffer.from([binary ? 2 : 1]));
		lengthPrefixed(
			binary
				? Buffer.from(attribute.BinaryValue!, 'base64')
				: Buffer.from(attribute.StringValue ?? '', 'utf8'),
		);
	}
	return md5(Buffer.concat(parts));
}

// Characters SQS accepts in a body: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
const INVALID_BODY_CHARACTER = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

const str: Shape = { type: 'string' };
const int: Shape = { type: 'integer' };
const strList: Shape = { type: 'list', member: str };
const attributeValue: Shape = {
	type: 'structure',
	name: 'MessageAttributeValue',
	members: {
		StringValue: str,
		BinaryValue: str,
		StringListValues: strList,
		BinaryListValues: strList,
		DataType: str,
	},
};
const attributeMap: Shape = { type: 'map', key: str, value: attributeValue };
const sendEntryMembers = {
	MessageBody: str,
	DelaySeconds: int,
	MessageAttributes: attributeMap,
	MessageSystemAttributes: attributeMap,
	MessageDeduplicationId: str,
	MessageGroupId: str,
};
const structure = (name: string, members: Record<string, Shape>): StructureShape => ({
	type: 'structure',
	name,
	members,
});
const entries = (name: string, members: Record<string, Shape>): Shape => ({
	type: 'list',
	member: structure(name, members),
});

/** Member types of each request, from botocore's sqs service-2.json; SQS's own range checks are in the handlers. */
const REQUESTS: Record<string, StructureShape> = {
	CreateQueue: structure('CreateQueueRequest', {
		QueueName: str,
		Attributes: { type: 'map', key: str, value: str },
		tags: { type: 'map', key: str, value: str },
	}),
	GetQueueUrl: structure('GetQueueUrlRequest', { QueueName: str, QueueOwnerAWSAccountId: str }),
	SendMessage: structure('SendMessageRequest', { QueueUrl: str, ...sendEntryMembers }),
	SendMessageBatch: structure('SendMessageBatchRequest', {
		QueueUrl: str,
		Entries: entries('SendMessageBatchRequestEntry', { Id: str, ...sendEntryMembers }),
	}),
	ReceiveMessage: structure('ReceiveMessageRequest', {
		QueueUrl: str,
		AttributeNames: strList,
		MessageSystemAttributeNames: strList,
		MessageAttributeNames: strList,
		MaxNumberOfMessages: int,
		VisibilityTimeout: int,
		WaitTimeSeconds: int,
		ReceiveRequestAttemptId: str,
	}),
	DeleteMessage: structure('DeleteMessageRequest', { QueueUrl: str, ReceiptHandle: str }),
	DeleteMessageBatch: structure('DeleteMessageBatchRequest', {
		QueueUrl: str,
		Entries: entries('DeleteMessageBatchRequestEntry', { Id: str, ReceiptHandle: str }),
	}),
	ChangeMessageVisibility: structure('ChangeMessageVisibilityRequest', {
		QueueUrl: str,
		ReceiptHandle: str,
		VisibilityTimeout: int,
	}),
	GetQueueAttributes: structure('GetQueueAttributesRequest', {
		QueueUrl: str,
		AttributeNames: strList,
	}),
	PurgeQueue: structure('PurgeQueueRequest', { QueueUrl: str }),
	ListQueues: structure('ListQueuesRequest', {
		QueueNamePrefix: str,
		NextToken: str,
		MaxResults: int,
	}),
};

/** Checks member types (SerializationException) and presence (MissingParameter) of an SQS request. */
function checkInput(operation: string, input: Record<string, unknown>, required: string[]): void {
	checkShape(REQUESTS[operation], input);
	for (const name of required) {
		if (input[name] === undefined || input[name] === null) {
			throw parameterError('MissingParameter', `The request must contain the parameter ${name}.`);
		}
	}
}

function inRange(
	name: string,
	value: number | undefined,
	min: number,
	max: number,
	reason: string,
): void {
	if (value !== undefined && (value < min || value > max)) throw invalidValue(name, value, reason);
}

type BatchFailure = { Id: string; SenderFault: boolean; Code: string; Message: string };

export class SqsModel {
	private readonly queues = new Map<string, Queue>();
	/** Every receipt handle ever issued, to tell a stale handle (known) from a forged one. */
	private readonly handles = new Map<string, { queue: Queue; message: SqsMessage }>();

	constructor(
		private readonly baseUrl: () => string,
		private readonly region: string,
		private readonly accountId: string,
		private readonly clock: () => number = Date.now,
	) {}

	queueUrl(name: string): string {
		return `${this.baseUrl()}/${this.accountId}/${name}`;
	}

	/** Creates a queue (and its dead-letter queue when named); returns its URL. Same name again: same queue. */
	createQueue(name: string, options: QueueOptions = {}): string {
		const attributes: Record<string, string> = {};
		if (options.visibilityTimeoutSeconds !== undefined)
			attributes.VisibilityTimeout = String(options.visibilityTimeoutSeconds);
		if (options.delaySeconds !== undefined) attributes.DelaySeconds = String(options.delaySeconds);
		if (options.receiveMessageWaitTimeSeconds !== undefined) {
			attributes.ReceiveMessageWaitTimeSeconds = String(options.receiveMessageWaitTimeSeconds);
		}
		if (options.maxReceiveCount !== undefined || options.deadLetterQueueName !== undefined) {
			const dlqName = options.deadLetterQueueName ?? `${name}-dlq`;
			if (!this.queues.has(dlqName)) this.createQueue(dlqName);
			attributes.RedrivePolicy = JSON.stringify({
				deadLetterTargetArn: this.queues.get(dlqName)!.arn,
				maxReceiveCount: options.maxReceiveCount ?? 3,
			});
		}
		return this.create(name, attributes).url;
	}

	sendMessage(queueUrl: string, body: string): string {
		const queue = this.queueByUrl(queueUrl);
		if (!queue) throw new Error(`no SQS queue ${queueUrl}`);
		return this.enqueue(queue, body, undefined, 0, `${this.accountId}`).messageId;
	}

	stats(queueUrl: string): QueueStats {
		const queue = this.queueByUrl(queueUrl);
		if (!queue) throw new Error(`no SQS queue ${queueUrl}`);
		const now = this.clock();
		this.expire(queue, now);
		const counts = this.counts(queue, now);
		return { ...counts, ...queue.stats };
	}

	/** The queue's undeleted messages, oldest first, with their state (a copy to inspect). */
	messages(queueUrl: string): Array<SqsMessage & { visible: boolean }> {
		const queue = this.queueByUrl(queueUrl);
		if (!queue) throw new Error(`no SQS queue ${queueUrl}`);
		const now = this.clock();
		return queue.messages.map((m) => ({ ...m, visible: m.visibleAt <= now }));
	}

	reset(): void {
		for (const queue of this.queues.values()) for (const wake of queue.waiters) wake();
		this.queues.clear();
		this.handles.clear();
	}

	service(): ServiceDefinition {
		const ops: Record<string, OperationHandler> = {
			CreateQueue: (input) => this.opCreateQueue(input),
			GetQueueUrl: (input) => {
				checkInput('GetQueueUrl', input, ['QueueName']);
				if (
					input.QueueOwnerAWSAccountId !== undefined &&
					input.QueueOwnerAWSAccountId !== this.accountId
				) {
					throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
				}
				const queue = this.queues.get(input.QueueName);
				if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
				return { QueueUrl: queue.url };
			},
			SendMessage: (input, context) => {
				checkInput('SendMessage', input, ['QueueUrl', 'MessageBody']);
				const queue = this.requireQueue(input.QueueUrl);
				const message = this.acceptSend(queue, input, context);
				return {
					MessageId: message.messageId,
					MD5OfMessageBody: message.md5OfBody,
					...(message.md5OfMessageAttributes
						? { MD5OfMessageAttributes: message.md5OfMessageAttributes }
						: {}),
				};
			},
			SendMessageBatch: (input, context) => {
				checkInput('SendMessageBatch', input, ['QueueUrl', 'Entries']);
				const queue = this.requireQueue(input.QueueUrl);
				this.checkBatch(input.Entries);
				const total = input.Entries.reduce(
					(sum: number, e: { MessageBody?: string }) =>
						sum + Buffer.byteLength(e.MessageBody ?? ''),
					0,
				);
				if (total > Number(queue.attributes.MaximumMessageSize)) {
					throw sqsError(
						'BatchRequestTooLong',
						`Batch requests cannot be longer than ${queue.attributes.MaximumMessageSize} bytes. You have sent ${total} bytes.`,
					);
				}
				return this.batch(input.Entries, (entry: { Id: string; MessageBody: string }) => {
					const message = this.acceptSend(queue, entry, context);
					return {
						Id: entry.Id,
						MessageId: message.messageId,
						MD5OfMessageBody: message.md5OfBody,
						...(message.md5OfMessageAttributes
							? { MD5OfMessageAttributes: message.md5OfMessageAttributes }
							: {}),
					};
				});
			},
			ReceiveMessage: (input, context) => this.opReceive(input, context),
			DeleteMessage: (input) => {
				checkInput('DeleteMessage', input, ['QueueUrl', 'ReceiptHandle']);
				this.deleteByHandle(this.requireQueue(input.QueueUrl), input.ReceiptHandle);
				return {};
			},
			DeleteMessageBatch: (input) => {
				checkInput('DeleteMessageBatch', input, ['QueueUrl', 'Entries']);
				const queue = this.requireQueue(input.QueueUrl);
				this.checkBatch(input.Entries);
				return this.batch(input.Entries, (entry: { Id: string; ReceiptHandle: string }) => {
					this.deleteByHandle(queue, entry.ReceiptHandle);
					return { Id: entry.Id };
				});
			},
			ChangeMessageVisibility: (input) => {
				checkInput('ChangeMessageVisibility', input, [
					'QueueUrl',
					'ReceiptHandle',
					'VisibilityTimeout',
				]);
				this.changeVisibility(
					this.requireQueue(input.QueueUrl),
					input.ReceiptHandle,
					input.VisibilityTimeout,
				);
				return {};
			},
			GetQueueAttributes: (input) => {
				checkInput('GetQueueAttributes', input, ['QueueUrl']);
				const queue = this.requireQueue(input.QueueUrl);
				return { Attributes: this.attributes(queue, input.AttributeNames ?? []) };
			},
			PurgeQueue: (input) => {
				checkInput('PurgeQueue', input, ['QueueUrl']);
				const queue = this.requireQueue(input.QueueUrl);
				const now = this.clock();
				if (queue.lastPurgeAt !== undefined && now - queue.lastPurgeAt < PURGE_COOLDOWN_MS) {
					throw sqsError(
						'PurgeQueueInProgress',
						`Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
					);
				}
				queue.lastPurgeAt = now;
				queue.messages = [];
				return {};
			},
			ListQueues: (input) => this.opListQueues(input),
		};
		return { name: 'sqs', operations: ops };
	}

	private create(name: string, attributes: Record<string, string>): Queue {
		if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
			throw parameterError(
				'InvalidParameterValue',
				`Value ${name} for parameter QueueName is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length`,
			);
		}
		for (const [key, value] of Object.entries(attributes)) this.checkAttribute(key, value);
		const existing = this.queues.get(name);
		const wanted = { ...DEFAULT_QUEUE_ATTRIBUTES, ...attributes };
		if (existing) {
			for (const [key, value] of Object.entries(wanted)) {
				if (existing.attributes[key] !== value) {
					throw sqsError(
						'QueueNameExists',
						`A queue already exists with the same name and a different value for attribute ${key}`,
					);
				}
			}
			return existing;
		}
		const now = this.clock();
		const queue: Queue = {
			name,
			url: this.queueUrl(name),
			arn: `arn:aws:sqs:${this.region}:${this.accountId}:${name}`,
			attributes: wanted,
			createdAt: now,
			modifiedAt: now,
			messages: [],
			stats: { deleted: 0, movedToDlq: 0, receives: 0, staleDeletes: 0 },
			waiters: new Set(),
		};
		this.queues.set(name, queue);
		return queue;
	}

	private checkAttribute(key: string, value: string): void {
		if (!SETTABLE_ATTRIBUTES.has(key))
			throw sqsError('InvalidAttributeName', `Unknown Attribute ${key}.`);
		const bounds: Record<string, [number, number]> = {
			VisibilityTimeout: [0, MAX_VISIBILITY_SECONDS],
			DelaySeconds: [0, MAX_DELAY_SECONDS],
			MaximumMessageSize: [1024, 1048576],
			MessageRetentionPeriod: [60, 1209600],
			ReceiveMessageWaitTimeSeconds: [0, MAX_WAIT_SECONDS],
		};
		const range = bounds[key];
		if (range && (!/^\d+$/.test(value) || Number(value) < range[0] || Number(value) > range[1])) {
			throw sqsError('InvalidAttributeValue', `Invalid value for the parameter ${key}.`);
		}
		if (key === 'RedrivePolicy') {
			let policy: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
			try {
				policy = JSON.parse(value);
			} catch {
				throw sqsError(
					'InvalidAttributeValue',
					'Invalid value for the parameter RedrivePolicy. Reason: Redrive policy is not a valid JSON map.',
				);
			}
			const target = [...this.queues.values()].find((q) => q.arn === policy.deadLetterTargetArn);
			const count = Number(policy.maxReceiveCount);
			if (!target || !Number.isInteger(count) || count < 1 || count > 1000) {
				throw sqsError(
					'InvalidAttributeValue',
					'Value for parameter RedrivePolicy is invalid. Reason: Dead-letter target does not exist or maxReceiveCount is not between 1 and 1000.',
				);
			}
		}
	}

	/**
	 * ListQueues as SQS pages it: queues whose name starts with QueueNamePrefix (case-sensitive), by name here
	 * (SQS promises no order); a NextToken only when MaxResults (1–1000) was given and more remain; up to 1000
	 * URLs without MaxResults. A token from another prefix is refused.
	 */
	private opListQueues(input: {
		QueueNamePrefix?: string;
		NextToken?: string;
		MaxResults?: number;
	}) {
		checkInput('ListQueues', input, []);
		inRange(
			'MaxResults',
			input.MaxResults,
			1,
			1000,
			'MaxResults must be an integer between 1 and 1000.',
		);
		const prefix = input.QueueNamePrefix ?? '';
		if (prefix.length > 80)
			throw invalidValue(
				'QueueNamePrefix',
				prefix,
				'QueueNamePrefix can be at most 80 characters long.',
			);
		const names = [...this.queues.keys()].filter((name) => name.startsWith(prefix)).sort();
		let offset = 0;
		if (input.NextToken !== undefined) {
			let decoded: { o?: unknown; p?: unknown } = {};
			try {
				decoded = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
			} catch {
				// refused below
			}
			if (typeof decoded.o !== 'number' || decoded.p !== prefix)
				throw invalidValue('NextToken', input.NextToken, 'Invalid NextToken value.');
			offset = decoded.o;
		}
		const size = input.MaxResults ?? 1000;
		const page = names.slice(offset, offset + size).map((name) => this.queues.get(name)!.url);
		const more = input.MaxResults !== undefined && offset + size < names.length;
		return {
			...(page.length > 0 ? { QueueUrls: page } : {}),
			...(more
				? {
						NextToken: Buffer.from(JSON.stringify({ o: offset + size, p: prefix })).toString(
							'base64url',
						),
					}
				: {}),
		};
	}

	private opCreateQueue(input: { QueueName: string; Attributes?: Record<string, string> }) {
		checkInput('CreateQueue', input, ['QueueName']);
		if (input.QueueName.endsWith('.fifo'))
			throw sqsError(
				'UnsupportedOperation',
				'The emulator serves standard queues only; FIFO queues are not emulated.',
			);
		return { QueueUrl: this.create(input.QueueName, input.Attributes ?? {}).url };
	}

	private queueByUrl(queueUrl: string): Queue | undefined {
		let path: string;
		try {
			path = new URL(queueUrl).pathname;
		} catch {
			return undefined;
		}
		const [, account, name, ...rest] = path.split('/');
		if (account !== this.accountId || !name || rest.length > 0) return undefined;
		return this.queues.get(name);
	}

	private requireQueue(queueUrl: string): Queue {
		if (!URL.canParse(queueUrl))
			throw sqsError('InvalidAddress', `The address ${queueUrl} is not valid for this endpoint.`);
		const queue = this.queueByUrl(queueUrl);
		if (!queue) throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
		return queue;
	}

	private checkBatch(list: Array<{ Id?: string }>): void {
		if (list.length === 0)
			throw sqsError(
				'EmptyBatchRequest',
				'There should be at least one SendMessageBatchRequestEntry in the request.',
			);
		if (list.length > MAX_BATCH_ENTRIES) {
			throw sqsError(
				'TooManyEntriesInBatchRequest',
				`Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${list.length}.`,
			);
		}
		const ids = new Set<string>();
		for (const entry of list) {
			if (typeof entry.Id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(entry.Id)) {
				throw sqsError(
					'InvalidBatchEntryId',
					'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
				);
			}
			if (ids.has(entry.Id)) throw sqsError('BatchEntryIdsNotDistinct', `Id ${entry.Id} repeated.`);
			ids.add(entry.Id);
		}
	}

	/** Runs each entry; an entry's ApiError becomes its Failed record, as SQS reports per-entry failures. */
	private batch<E extends { Id: string }>(list: E[], run: (entry: E) => Record<string, unknown>) {
		const Successful: Array<Record<string, unknown>> = [];
		const Failed: BatchFailure[] = [];
		for (const entry of list) {
			try {
				Successful.push(run(entry));
			} catch (error) {
				if (!(error instanceof ApiError)) throw error;
				Failed.push({
					Id: entry.Id,
					SenderFault: error.fault === 'Sender',
					Code: error.details.queryCode ?? error.code,
					Message: error.message,
				});
			}
		}
		return { Successful, Failed };
	}

	private acceptSend(
		queue: Queue,
		input: {
			MessageBody: string;
			DelaySeconds?: number;
			MessageAttributes?: Record<string, MessageAttribute>;
			MessageGroupId?: string;
		},
		context: OperationContext,
	): SqsMessage {
		if (input.MessageBody === undefined || input.MessageBody === '') {
			throw parameterError(
				'MissingParameter',
				'The request must contain the parameter MessageBody.',
			);
		}
		const limit = Number(queue.attributes.MaximumMessageSize);
		if (Buffer.byteLength(input.MessageBody) > limit) {
			throw parameterError(
				'InvalidParameterValue',
				`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
			);
		}
		const invalid = INVALID_BODY_CHARACTER.exec(input.MessageBody);
		if (invalid) {
			throw sqsError(
				'InvalidMessageContents',
				`Invalid binary character '#x${invalid[0].codePointAt(0)!.toString(16).toUpperCase()}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF`,
			);
		}
		inRange(
			'DelaySeconds',
			input.DelaySeconds,
			0,
			MAX_DELAY_SECONDS,
			`Must be >= 0 and <= ${MAX_DELAY_SECONDS}, if provided.`,
		);
		if (input.MessageGroupId !== undefined) {
			throw invalidValue(
				'MessageGroupId',
				input.MessageGroupId,
				'The request include parameter that is not valid for this queue type',
			);
		}
		for (const [name, attribute] of Object.entries(input.MessageAttributes ?? {})) {
			if (!/^(String|Number|Binary)(\..+)?$/.test(attribute.DataType ?? '')) {
				throw parameterError(
					'InvalidParameterValue',
					`The type of message (user) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
				);
			}
		}
		const delay = input.DelaySeconds ?? Number(queue.attributes.DelaySeconds);
		return this.enqueue(
			queue,
			input.MessageBody,
			input.MessageAttributes,
			delay,
			context.identity.userId,
		);
	}

	private enqueue(
		queue: Queue,
		body: string,
		attributes: Record<string, MessageAttribute> | undefined,
		delaySeconds: number,
		senderId: string,
	): SqsMessage {
		const now = this.clock();
		const hasAttributes = attributes !== undefined && Object.keys(attributes).length > 0;
		const message: SqsMessage = {
			messageId: randomUUID(),
			body,
			md5OfBody: md5(body),
			messageAttributes: hasAttributes ? attributes : undefined,
			md5OfMessageAttributes: hasAttributes ? md5OfAttributes(attributes) : undefined,
			senderId,
			sentAt: now,
			visibleAt: now + delaySeconds * 1000,
			receiveCount: 0,
		};
		queue.messages.push(message);
		this.wake(queue);
		return message;
	}

	private wake(queue: Queue): void {
		for (const wake of queue.waiters) wake();
	}

	private expire(queue: Queue, now: number): void {
		const retentionMs = Number(queue.attributes.MessageRetentionPeriod) * 1000;
		queue.messages = queue.messages.filter((m) => now - m.sentAt < retentionMs);
	}

	private counts(queue: Queue, now: number) {
		let visible = 0;
		let inFlight = 0;
		let delayed = 0;
		for (const m of queue.messages) {
			if (m.visibleAt <= now) visible += 1;
			else if (m.receiveCount === 0) delayed += 1;
			else inFlight += 1;
		}
		return { visible, inFlight, delayed };
	}

	private redrive(queue: Queue): { target: Queue; maxReceiveCount: number } | undefined {
		if (!queue.attributes.RedrivePolicy) return undefined;
		const policy = JSON.parse(queue.attributes.RedrivePolicy) as {
			deadLetterTargetArn: string;
			maxReceiveCount: number;
		};
		const target = [...this.queues.values()].find((q) => q.arn === policy.deadLetterTargetArn);
		return target ? { target, maxReceiveCount: Number(policy.maxReceiveCount) } : undefined;
	}

	/** Takes up to `max` visible messages, moving over-received ones to the dead-letter queue on the way. */
	private take(queue: Queue, max: number, visibilitySeconds: number, now: number): SqsMessage[] {
		this.expire(queue, now);
		const redrive = this.redrive(queue);
		const taken: SqsMessage[] = [];
		for (const message of [...queue.messages]) {
			if (taken.length >= max) break;
			if (message.visibleAt > now) continue;
			if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
				queue.messages.splice(queue.messages.indexOf(message), 1);
				queue.stats.movedToDlq += 1;
				redrive.target.messages.push({
					...message,
					receiptHandle: undefined,
					visibleAt: now,
					deadLetterSourceArn: queue.arn,
				});
				this.wake(redrive.target);
				continue;
			}
			message.receiveCount += 1;
			message.firstReceiveAt ??= now;
			message.visibleAt = now + visibilitySeconds * 1000;
			message.receiptHandle = randomBytes(48).toString('base64');
			this.handles.set(message.receiptHandle, { queue, message });
			queue.stats.receives += 1;
			taken.push(message);
		}
		return taken;
	}

	private async opReceive(
		input: {
			QueueUrl: string;
			MaxNumberOfMessages?: number;
			WaitTimeSeconds?: number;
			VisibilityTimeout?: number;
			AttributeNames?: string[];
			MessageSystemAttributeNames?: string[];
			MessageAttributeNames?: string[];
		},
		context: OperationContext,
	) {
		checkInput('ReceiveMessage', input, ['QueueUrl']);
		const queue = this.requireQueue(input.QueueUrl);
		inRange(
			'MaxNumberOfMessages',
			input.MaxNumberOfMessages,
			1,
			MAX_RECEIVE_BATCH,
			`Must be between 1 and ${MAX_RECEIVE_BATCH}, if provided.`,
		);
		inRange(
			'WaitTimeSeconds',
			input.WaitTimeSeconds,
			0,
			MAX_WAIT_SECONDS,
			`Must be >= 0 and <= ${MAX_WAIT_SECONDS}, if provided.`,
		);
		inRange(
			'VisibilityTimeout',
			input.VisibilityTimeout,
			0,
			MAX_VISIBILITY_SECONDS,
			`Must be >= 0 and <= ${MAX_VISIBILITY_SECONDS}, if provided.`,
		);
		const systemNames = [
			...(input.AttributeNames ?? []),
			...(input.MessageSystemAttributeNames ?? []),
		];
		for (const name of systemNames) {
			if (name !== 'All' && !MESSAGE_SYSTEM_ATTRIBUTE_NAMES.includes(name))
				throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
		}
		const max = input.MaxNumberOfMessages ?? 1;
		const visibility = input.VisibilityTimeout ?? Number(queue.attributes.VisibilityTimeout);
		const waitMs =
			(input.WaitTimeSeconds ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds)) * 1000;
		const deadline = this.clock() + waitMs;

		let closed = false;
		void context.closing.then(() => (closed = true));
		let now = this.clock();
		let taken = this.take(queue, max, visibility, now);
		while (
			taken.length === 0 &&
			!closed &&
			now < deadline &&
			this.queues.get(queue.name) === queue
		) {
			// Sleep until something could have changed: a send, a visibility change, an in-flight message's timeout.
			// `now` is the instant take() looked at: a message that became visible a moment later still counts
			// as coming, or a timer firing on the boundary would put the poll to sleep until its deadline.
			const nextVisible = Math.min(
				deadline,
				...queue.messages.filter((m) => m.visibleAt > now).map((m) => m.visibleAt),
			);
			await new Promise<void>((resolve) => {
				const done = () => {
					clearTimeout(timer);
					queue.waiters.delete(done);
					resolve();
				};
				const timer = setTimeout(done, Math.max(1, nextVisible - now));
				queue.waiters.add(done);
				void context.closing.then(done);
			});
			now = this.clock();
			if (!closed) taken = this.take(queue, max, visibility, now);
		}
		if (taken.length === 0) return {};
		return {
			Messages: taken.map((m) => this.render(m, systemNames, input.MessageAttributeNames ?? [])),
		};
	}

	private render(message: SqsMessage, systemNames: string[], attributeNames: string[]) {
		const all = systemNames.includes('All');
		const system: Record<string, string | undefined> = {
			SenderId: message.senderId,
			SentTimestamp: String(message.sentAt),
			ApproximateReceiveCount: String(message.receiveCount),
			ApproximateFirstReceiveTimestamp: String(message.firstReceiveAt),
			DeadLetterQueueSourceArn: message.deadLetterSourceArn,
		};
		const Attributes: Record<string, string> = {};
		for (const [name, value] of Object.entries(system)) {
			if (value !== undefined && (all || systemNames.includes(name))) Attributes[name] = value;
		}
		const wanted = (name: string) =>
			attributeNames.some(
				(pattern) =>
					pattern === 'All' ||
					pattern === '.*' ||
					pattern === name ||
					(pattern.endsWith('.*') && name.startsWith(pattern.slice(0, -1))),
			);
		const MessageAttributes = Object.fromEntries(
			Object.entries(message.messageAttributes ?? {}).filter(([name]) => wanted(name)),
		);
		const hasUserAttributes = Object.keys(MessageAttributes).length > 0;
		return {
			MessageId: message.messageId,
			ReceiptHandle: message.receiptHandle,
			MD5OfBody: message.md5OfBody,
			Body: message.body,
			...(Object.keys(Attributes).length > 0 ? { Attributes } : {}),
			...(hasUserAttributes
				? { MessageAttributes, MD5OfMessageAttributes: md5OfAttributes(MessageAttributes) }
				: {}),
		};
	}

	private lookupHandle(queue: Queue, handle: string) {
		const entry = this.handles.get(handle);
		if (!entry || entry.queue !== queue) {
			throw sqsError(
				'ReceiptHandleIsInvalid',
				`The input receipt handle "${handle}" is not a valid receipt handle.`,
			);
		}
		return entry.message;
	}

	private deleteByHandle(queue: Queue, handle: string): void {
		const message = this.lookupHandle(queue, handle);
		const index = queue.messages.indexOf(message);
		if (index < 0) return; // already deleted (or moved): SQS answers success
		if (message.receiptHandle !== handle) {
			// SQS: "the request succeeds, but the message might not be deleted".
			queue.stats.staleDeletes += 1;
			return;
		}
		queue.messages.splice(index, 1);
		queue.stats.deleted += 1;
	}

	private changeVisibility(queue: Queue, handle: string, seconds: number): void {
		const message = this.lookupHandle(queue, handle);
		inRange(
			'VisibilityTimeout',
			seconds,
			0,
			MAX_VISIBILITY_SECONDS,
			`Must be between 0 and ${MAX_VISIBILITY_SECONDS}, if provided.`,
		);
		if (!queue.messages.includes(message) || message.receiptHandle !== handle) {
			throw invalidValue(
				'ReceiptHandle',
				handle,
				'Message does not exist or is not available for visibility timeout change.',
			);
		}
		const now = this.clock();
		if (message.visibleAt <= now) {
			throw sqsError(
				'MessageNotInflight',
				'Message is not in flight: its visibility timeout has already expired.',
			);
		}
		message.visibleAt = now + seconds * 1000;
		if (seconds === 0) this.wake(queue);
	}

	private attributes(queue: Queue, names: string[]): Record<string, string> {
		for (const name of names) {
			if (name !== 'All' && !QUEUE_ATTRIBUTE_NAMES.includes(name))
				throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
		}
		const now = this.clock();
		this.expire(queue, now);
		const counts = this.counts(queue, now);
		const all: Record<string, string> = {
			QueueArn: queue.arn,
			ApproximateNumberOfMessages: String(counts.visible),
			ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
			ApproximateNumberOfMessagesDelayed: String(counts.delayed),
			CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
			LastModifiedTimestamp: String(Math.floor(queue.modifiedAt / 1000)),
			SqsManagedSseEnabled: 'true',
			...queue.attributes,
		};
		const wantAll = names.includes('All');
		return Object.fromEntries(
			Object.entries(all).filter(([name]) => wantAll || names.includes(name)),
		);
	}
}
