/**
 * The trigger at work, from activation (or a test listen) to deactivation: reads the options (options.ts),
 * wires n8n's emit, error and logger functions into the delivery (delivery.ts) and the receive loop
 * (poller.ts), and hands n8n the function that stops them. The node file loads it on activation.
 */
import type {
	IDataObject,
	IExecuteResponsePromiseData,
	IRun,
	ITriggerFunctions,
	ITriggerResponse,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../shared/nodeErrors';
import { createAwsClient } from '../shared/transport/awsRequest';
import { readCallbackMessages } from './callbackMessage';
import { Delivery, type DeliveryHost, type MessageReader } from './delivery';
import { readPipelineEvents } from './eventMessage';
import { checkMessageSource, readEventFilters, type RawEventParameters } from './eventOptions';
import { DONE_GRACE_MS, executionOutcome, type LostOutcome } from './executionOutcome';
import { readTriggerOptions, type RawTriggerParameters, type TriggerOptions } from './options';
import { Poller } from './poller';
import { messageLabel, SqsQueue } from './sqs';

/** What is logged for a message whose run never arrived (executionOutcome.ts). */
function lostExplanation(why: LostOutcome, maxExecutionTime: number): string {
	if (why === 'endedWithoutRun') {
		return (
			`ended, but not how: n8n reported its end and no run within ${DONE_GRACE_MS / 1000} s; the message is handled as not processed and comes back ` +
			'(in queue mode, set N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED and N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED, see the README)'
		);
	}
	return (
		`did not end within Max Execution Time (${maxExecutionTime} s), or n8n lost track of it (a queue-mode worker that died); ` +
		'the message is no longer kept hidden and comes back after the visibility timeout, to run again. Raise Max Execution Time if your runs take longer'
	);
}

/** A deferred for emit to settle; n8n 1.x handed out `promise()` as a function, 2.x a property. */
async function createDeferred<T>(context: ITriggerFunctions) {
	const deferred = await context.helpers.createDeferredPromise<T>();
	const promise = deferred.promise as unknown;
	const settled =
		typeof promise === 'function'
			? (promise as () => Promise<T>).call(deferred)
			: (promise as Promise<T>);
	return { deferred, settled };
}

export async function activate(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const node = this.getNode();
	const manual = this.getMode() === 'manual';
	let options: TriggerOptions;
	let queue: SqsQueue;
	let read: MessageReader;
	try {
		const client = await createAwsClient(this);
		const raw: RawTriggerParameters = {
			// A resource locator's value, or the plain URL string workflows saved before it was one.
			queueUrl: this.getNodeParameter('queueUrl', undefined, { extractValue: true }),
			options: this.getNodeParameter('options', {}) as RawTriggerParameters['options'],
		};
		options = readTriggerOptions(raw, client.region);
		if (
			checkMessageSource(this.getNodeParameter('messageSource', 'callbackQueue')) === 'eventBridge'
		) {
			const filters = readEventFilters({
				events: this.getNodeParameter('events', []),
				options: raw.options as RawEventParameters['options'],
			});
			read = readPipelineEvents({ ...filters, pipelineNames: options.pipelineNames });
		} else {
			read = readCallbackMessages(options);
		}
		queue = new SqsQueue(client, options.queueUrl);
	} catch (error) {
		throw toNodeError(node, error, 0);
	}

	const prefix = `AWS SageMaker Pipelines Trigger "${node.name}": `;
	const logger = {
		debug: (message: string) => this.logger.debug(prefix + message),
		info: (message: string) => this.logger.info(prefix + message),
		warn: (message: string) => this.logger.warn(prefix + message),
		error: (message: string) => this.logger.error(prefix + message),
	};

	/** A failed execution in n8n's list (and the error workflow); the trigger stays active. */
	const report = (error: NodeApiError | NodeOperationError) => {
		logger.error(error.message);
		// Older n8n versions have no saveFailedExecution; the log line above is then the report.
		if (typeof this.saveFailedExecution === 'function') this.saveFailedExecution(error);
	};

	const host: DeliveryHost = {
		emit: async (json: IDataObject) => {
			if (manual) {
				this.emit([[{ json }]]);
				return undefined;
			}
			// The response promise says the execution ended; the done promise brings its run (executionOutcome.ts).
			const ended = await createDeferred<IExecuteResponsePromiseData>(this);
			const done = await createDeferred<IRun>(this);
			this.emit([[{ json }]], ended.deferred, done.deferred);
			return await executionOutcome(
				done.settled,
				ended.settled,
				options.maxExecutionTime * 1000,
				(why) =>
					logger.warn(
						`The execution for ${messageLabel(json.messageId)} ${lostExplanation(why, options.maxExecutionTime)}`,
					),
			);
		},
		reportBadMessage: (message, description) =>
			report(new NodeOperationError(node, message, { description })),
		logger,
	};

	const closing = new AbortController();
	const delivery = new Delivery(queue, { ...options, manual, read }, host, closing.signal);
	const poller = new Poller(
		queue,
		{ ...options, manual },
		{
			deliver: async (message) => await delivery.deliver(message),
			onFatal: (error) => {
				const nodeError = toNodeError(node, error, 0);
				logger.error(nodeError.message);
				// A failed test run is not closed by n8n: hand back what listening held first.
				void delivery.releaseHeld().finally(() => this.emitError(nodeError));
			},
			onPersistentFailure: (error, failures) => {
				const nodeError = toNodeError(node, error, 0);
				nodeError.description = [
					nodeError.description,
					`Receiving failed ${failures} times in a row. The trigger stays active and keeps trying every minute or so.`,
				]
					.filter(Boolean)
					.join('\n\n');
				report(nodeError);
			},
			logger,
		},
		closing.signal,
	);

	try {
		await poller.start();
	} catch (error) {
		throw toNodeError(node, error, 0);
	}

	return {
		closeFunction: async () => {
			closing.abort();
			await poller.stopped();
			await delivery.releaseHeld();
		},
	};
}
