/**
 * What happens to one received message: start a workflow for it, keep it hidden while that runs,
 * and delete it only when the run succeeded — so a failed run, a crash or n8n stopping lets SQS
 * hand the message out again after its visibility timeout (at least once, nothing lost).
 *
 * What a message is, and whether it runs, is the reader's call (callbackMessage.ts for callback
 * messages, eventMessage.ts for EventBridge events); this module does the same for every source:
 * - Unreadable (not a message of the source): reported (a failed execution in n8n's list) and left
 *   alone, so the queue's redrive policy moves it to the dead-letter queue after maxReceiveCount receives.
 * - Skipped by a filter: left alone (for other consumers of the queue) or deleted without a run,
 *   as the reader says.
 * - Delete "on receive": deleted first, then the run starts (at most once; a failed delete means
 *   no run, and the message comes back).
 * - Manual ("listen for test event"): shown, never consumed — made visible again at once; what
 *   was filtered out is made visible again when listening ends.
 *
 * Limits: SQS lets a message stay hidden at most 12 hours after it was first received; a run
 * longer than that cannot keep its message and it may be delivered again.
 */
import type { IDataObject, IRun, Logger } from 'n8n-workflow';

import { describeError, isTransient } from './errors';
import type { DeleteMessageMode } from './options';
import { pause } from './pause';
import { messageLabel, type ReceivedMessage, type SqsQueue } from './sqs';

export interface DeliveryHost {
	/** Starts the workflow with this item; settles when that execution ended (active mode). */
	emit(json: IDataObject): Promise<IRun | undefined>;
	/** A message that is not a callback message: shown to the user as a failed execution. */
	reportBadMessage(message: string, description: string): void;
	logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

/** What a reader makes of one received message. */
export type Reading =
	/** start the workflow with this item */
	| { item: IDataObject }
	/** not a message of this source; completes "SQS message ID …", e.g. "is not a SageMaker callback message: …" */
	| { unreadable: string }
	/** a filter excludes it: left in the queue, or deleted without a run */
	| { skip: 'leave' | 'delete'; why: string };

export type MessageReader = (received: ReceivedMessage) => Reading;

export interface DeliveryOptions {
	visibilityTimeout: number;
	deleteMessage: DeleteMessageMode;
	manual: boolean;
	read: MessageReader;
}

export interface Delivered {
	/** a workflow execution was started for it */
	started: boolean;
	/** it was reported as not a callback message */
	reported: boolean;
	/** settles when nothing more will be done for it (execution ended, message deleted or left) */
	finished: Promise<void>;
}

const NOTHING_TO_WAIT_FOR: Delivered = {
	started: false,
	reported: false,
	finished: Promise.resolve(),
};

/** n8n hands back a run that ended in error, was cancelled or crashed; or none at all. */
export function executionSucceeded(run: IRun | undefined): boolean {
	if (!run || run.data?.resultData?.error) return false;
	// "waiting": a Wait node parked the run in n8n's database; n8n resumes it, the message must not start it twice.
	if (run.status === 'success' || run.status === 'waiting') return true;
	return run.status === undefined && run.finished === true;
}

export class Delivery {
	/** Manual mode: messages held back (filtered out), made visible again when listening ends. */
	private readonly held = new Map<string, ReceivedMessage>();

	constructor(
		private readonly queue: SqsQueue,
		private readonly options: DeliveryOptions,
		private readonly host: DeliveryHost,
		/** aborts when the trigger closes: ends the visibility heartbeats */
		private readonly stop: AbortSignal,
	) {}

	async deliver(received: ReceivedMessage): Promise<Delivered> {
		const { logger } = this.host;
		const reading = this.options.read(received);
		const { manual } = this.options;
		if ('unreadable' in reading) {
			// A manual run ends with the report, and n8n does not close a trigger whose test run failed.
			if (manual) await this.endListening(received);
			this.host.reportBadMessage(
				`${messageLabel(received.messageId)} ${reading.unreadable}`,
				`The message was left in the queue ${this.queue.queueUrl} (received ${received.receiveCount ?? '?'} times). ` +
					'Give the queue a redrive policy with a dead-letter queue, so such messages move there after a few receives instead of coming back every visibility timeout.',
			);
			return { ...NOTHING_TO_WAIT_FOR, reported: true };
		}
		if ('skip' in reading) {
			if (manual) {
				this.held.set(received.receiptHandle, received);
			} else if (reading.skip === 'delete') {
				logger.debug(`${messageLabel(received.messageId)} ${reading.why}: deleted without a run`);
				await this.deleteQuietly(received, `a skipped message (${reading.why})`);
			} else {
				logger.debug(`${messageLabel(received.messageId)} ${reading.why}: left in the queue`);
			}
			return NOTHING_TO_WAIT_FOR;
		}

		const json = reading.item;
		if (manual) {
			await this.endListening(received);
			void this.host.emit(json).catch(() => undefined);
			return { started: true, reported: false, finished: Promise.resolve() };
		}
		if (this.options.deleteMessage === 'onReceive') {
			try {
				await this.queue.delete(received.receiptHandle);
			} catch (error) {
				logger.warn(
					`Could not delete ${messageLabel(received.messageId)} on receive, so no execution was started; it comes back after the visibility timeout: ${describeError(error)}`,
				);
				return NOTHING_TO_WAIT_FOR;
			}
			const run = this.host.emit(json);
			return {
				started: true,
				reported: false,
				finished: run.then(
					() => undefined,
					() => undefined,
				),
			};
		}
		return {
			started: true,
			reported: false,
			finished: this.settle(received, this.host.emit(json)),
		};
	}

	/** Manual mode: hands back every message that was held, so listening consumed nothing. */
	async releaseHeld(): Promise<void> {
		if (!this.options.manual) return;
		const held = [...this.held.values()];
		this.held.clear();
		await Promise.all(held.map(async (received) => await this.makeVisible(received)));
	}

	/** Manual mode, once the message that ends listening is known: it and everything held become visible again. */
	private async endListening(received: ReceivedMessage): Promise<void> {
		await Promise.all([this.makeVisible(received), this.releaseHeld()]);
	}

	/** Waits for the run (extending visibility meanwhile), then deletes the message only if it succeeded. */
	private async settle(received: ReceivedMessage, run: Promise<IRun | undefined>): Promise<void> {
		const heartbeat = new AbortController();
		const endHeartbeat = () => heartbeat.abort();
		this.stop.addEventListener('abort', endHeartbeat, { once: true });
		const extending = this.extendWhileRunning(received, heartbeat.signal);
		let outcome: IRun | undefined;
		let failure: unknown;
		try {
			outcome = await run;
		} catch (error) {
			failure = error;
		}
		endHeartbeat();
		this.stop.removeEventListener('abort', endHeartbeat);
		await extending;

		if (!executionSucceeded(outcome)) {
			const why =
				failure !== undefined
					? `could not run: ${describeError(failure)}`
					: `ended with status "${outcome?.status ?? 'unknown'}"`;
			this.host.logger.info(
				`Execution for ${messageLabel(received.messageId)} ${why}; the message stays in the queue and comes back after the visibility timeout`,
			);
			return;
		}
		// Not tied to the trigger closing: a run that succeeded after deactivation must not run again.
		await this.deleteQuietly(received, 'the message of a successful execution');
	}

	/** Keeps the message hidden while its execution runs: every half visibility timeout, another full one. */
	private async extendWhileRunning(received: ReceivedMessage, signal: AbortSignal): Promise<void> {
		const { visibilityTimeout } = this.options;
		for (;;) {
			await pause((visibilityTimeout * 1000) / 2, signal);
			if (signal.aborted) return;
			try {
				await this.queue.changeVisibility(received.receiptHandle, visibilityTimeout, signal);
			} catch (error) {
				if (signal.aborted) return;
				this.host.logger.warn(
					`Could not extend the visibility of ${messageLabel(received.messageId)} while its execution runs (it may be delivered again): ${describeError(error)}`,
				);
				// A handle SQS no longer accepts, or the 12-hour limit, will not get better by asking again.
				if (!isTransient(error)) return;
			}
		}
	}

	private async deleteQuietly(received: ReceivedMessage, what: string): Promise<void> {
		try {
			await this.queue.delete(received.receiptHandle);
		} catch (error) {
			this.host.logger.warn(
				`Could not delete ${what} (${messageLabel(received.messageId)}); it comes back after the visibility timeout: ${describeError(error)}`,
			);
		}
	}

	private async makeVisible(received: ReceivedMessage): Promise<void> {
		try {
			await this.queue.changeVisibility(received.receiptHandle, 0);
		} catch (error) {
			this.host.logger.warn(
				`Could not make ${messageLabel(received.messageId)} visible again; it comes back after the visibility timeout: ${describeError(error)}`,
			);
		}
	}
}
