/**
 * Reads the trigger's parameters and checks them against SQS's limits before any request, so a
 * wrong queue URL or an out-of-range number fails activation with the field's name instead of
 * an AWS error (or, worse, a poll loop that keeps failing). Limits are SQS's own (API reference,
 * ReceiveMessage / ChangeMessageVisibility / CreateQueue), as named constants.
 * Not checked here: that the queue exists and the credential may read it — the first receive
 * on activation finds that out.
 */
import { checkNameList, InputError } from '../shared/validation';

export const SQS_LIMITS = {
	maxNumberOfMessages: { min: 1, max: 10 },
	waitTimeSeconds: { min: 0, max: 20 },
	/** 12 hours; also the most a message can stay invisible in total after its first receive */
	visibilityTimeout: { min: 0, max: 43_200 },
	queueName: { pattern: /^[A-Za-z0-9_-]{1,80}$/, fifoSuffix: '.fifo', maxLength: 80 },
	accountId: /^\d{12}$/,
} as const;

/** The trigger's own bounds, inside SQS's. */
export const TRIGGER_LIMITS = {
	/** 0 would hand the message to the next receive while its execution still runs */
	visibilityTimeout: { min: 1, max: SQS_LIMITS.visibilityTimeout.max },
	maxConcurrentExecutions: { min: 1, max: 100 },
	/** SQS hides a message at most 12 hours after its first receive: waiting longer cannot keep it */
	maxExecutionTime: { min: 1, max: SQS_LIMITS.visibilityTimeout.max },
} as const;

export const DEFAULTS = {
	maxNumberOfMessages: 10,
	visibilityTimeout: 60,
	maxConcurrentExecutions: 10,
	/** An hour: n8n's own ceiling for a workflow's timeout setting (EXECUTIONS_TIMEOUT_MAX) */
	maxExecutionTime: 3600,
	includeStopping: true,
	deleteMessage: 'afterSuccess',
} as const;

/** Long polling: SQS's maximum, so an idle queue costs three requests a minute. */
export const WAIT_TIME_SECONDS = SQS_LIMITS.waitTimeSeconds.max;

export type DeleteMessageMode = 'afterSuccess' | 'onReceive';

export interface TriggerOptions {
	queueUrl: string;
	/** lower-cased; empty means every pipeline */
	pipelineNames: string[];
	includeStopping: boolean;
	maxNumberOfMessages: number;
	visibilityTimeout: number;
	maxConcurrentExecutions: number;
	/** seconds the trigger waits for an execution's end before the message may come back */
	maxExecutionTime: number;
	deleteMessage: DeleteMessageMode;
}

/** What the node's parameters hold, before checks (expressions may put anything in them). */
export interface RawTriggerParameters {
	queueUrl: unknown;
	options: {
		pipelineNames?: unknown;
		includeStopping?: unknown;
		maxNumberOfMessages?: unknown;
		visibilityTimeout?: unknown;
		maxConcurrentExecutions?: unknown;
		maxExecutionTime?: unknown;
		deleteMessage?: unknown;
	};
}

const QUEUE_URL_EXAMPLE = 'https://sqs.us-east-1.amazonaws.com/123456789012/my-callback-queue';

/** The region an AWS SQS host names: sqs.REGION.amazonaws.com, sqs-fips.…, VPC endpoints, the legacy REGION.queue.… */
const AWS_SQS_HOST =
	/(?:^|\.)(?:sqs(?:-fips)?\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?)$/;

function regionOfQueueUrl(queueUrl: string): string | undefined {
	if (!URL.canParse(queueUrl)) return undefined;
	const match = AWS_SQS_HOST.exec(new URL(queueUrl).hostname);
	return match ? (match[1] ?? match[2]) : undefined;
}

function checkQueueUrl(value: unknown, credentialRegion: string): string {
	const field = 'Queue URL';
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InputError(
			field,
			`${field} is empty`,
			`Copy the queue's URL from the SQS console, e.g. ${QUEUE_URL_EXAMPLE}`,
		);
	}
	const text = value.trim();
	if (!URL.canParse(text)) {
		throw new InputError(
			field,
			`${field} is not a URL`,
			`Expected the form ${QUEUE_URL_EXAMPLE} (the queue's URL, not its ARN or name)`,
		);
	}
	const url = new URL(text);
	const [, account, name, ...rest] = url.pathname.split('/');
	const { pattern, fifoSuffix, maxLength } = SQS_LIMITS.queueName;
	const baseName = name?.endsWith(fifoSuffix) ? name.slice(0, -fifoSuffix.length) : name;
	const nameOk = name !== undefined && name.length <= maxLength && pattern.test(baseName ?? '');
	if (
		(url.protocol !== 'https:' && url.protocol !== 'http:') ||
		!SQS_LIMITS.accountId.test(account ?? '') ||
		!nameOk ||
		rest.length > 0 ||
		url.search !== ''
	) {
		throw new InputError(
			field,
			`${field} must look like https://HOST/ACCOUNT_ID/QUEUE_NAME (a 12-digit account and a queue name of 1–80 letters, digits, - or _)`,
			`Example: ${QUEUE_URL_EXAMPLE}`,
		);
	}
	const queueRegion = regionOfQueueUrl(text);
	if (queueRegion !== undefined && queueRegion !== credentialRegion) {
		throw new InputError(
			field,
			`${field} is in region ${queueRegion} but the credential uses region ${credentialRegion}`,
			"SQS answers only for queues of its own region: pick the queue's region in the credential (or a credential for that region).",
		);
	}
	return text;
}

/**
 * An optional whole-number option: its default when left empty, else a whole number in [min, max]. Unlike
 * validation.ts's checkInteger (a required value) it has a default, and its error quotes what was given.
 */
function integerOption(
	field: string,
	value: unknown,
	fallback: number,
	min: number,
	max: number,
): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new InputError(
			field,
			`${field} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`,
		);
	}
	return number;
}

function checkPipelineNames(value: unknown): string[] {
	const names = checkNameList('Pipeline Names', value, 'a comma-separated list of pipeline names');
	// SageMaker lower-cases the pipeline name inside execution ARNs, so the filter compares lower-case.
	return [...new Set(names.map((name) => name.toLowerCase()))];
}

export function readTriggerOptions(
	raw: RawTriggerParameters,
	credentialRegion: string,
): TriggerOptions {
	const { options } = raw;
	const deleteMessage = options.deleteMessage ?? DEFAULTS.deleteMessage;
	if (deleteMessage !== 'afterSuccess' && deleteMessage !== 'onReceive') {
		throw new InputError(
			'Delete Message',
			`Delete Message must be "afterSuccess" or "onReceive" (got ${JSON.stringify(deleteMessage)})`,
		);
	}
	const includeStopping = options.includeStopping ?? DEFAULTS.includeStopping;
	if (typeof includeStopping !== 'boolean') {
		throw new InputError(
			'Include Stopping Messages',
			'Include Stopping Messages must be true or false',
		);
	}
	return {
		queueUrl: checkQueueUrl(raw.queueUrl, credentialRegion),
		pipelineNames: checkPipelineNames(options.pipelineNames),
		includeStopping,
		maxNumberOfMessages: integerOption(
			'Max Messages per Receive',
			options.maxNumberOfMessages,
			DEFAULTS.maxNumberOfMessages,
			SQS_LIMITS.maxNumberOfMessages.min,
			SQS_LIMITS.maxNumberOfMessages.max,
		),
		visibilityTimeout: integerOption(
			'Visibility Timeout',
			options.visibilityTimeout,
			DEFAULTS.visibilityTimeout,
			TRIGGER_LIMITS.visibilityTimeout.min,
			TRIGGER_LIMITS.visibilityTimeout.max,
		),
		maxConcurrentExecutions: integerOption(
			'Max Concurrent Executions',
			options.maxConcurrentExecutions,
			DEFAULTS.maxConcurrentExecutions,
			TRIGGER_LIMITS.maxConcurrentExecutions.min,
			TRIGGER_LIMITS.maxConcurrentExecutions.max,
		),
		maxExecutionTime: integerOption(
			'Max Execution Time',
			options.maxExecutionTime,
			DEFAULTS.maxExecutionTime,
			TRIGGER_LIMITS.maxExecutionTime.min,
			TRIGGER_LIMITS.maxExecutionTime.max,
		),
		deleteMessage,
	};
}
