/**
 * The receive loop: long-polls the queue (WaitTimeSeconds 20) while fewer executions run than
 * allowed, hands each message to the delivery, and stops at once when the trigger closes — the
 * pending long poll is aborted and every wait ends, so nothing is left running or hanging.
 *
 * Errors: `start()` receives once without waiting and throws, so a wrong queue URL, missing
 * permission or bad key fails activation (or the test listen) with AWS's reason. Later, an error
 * that waiting cannot fix (queue deleted, access revoked) goes to `onFatal` at once — n8n's
 * trigger error path: n8n closes the trigger, runs the error workflow and retries activation a
 * few times (n8n 2.40: 5 attempts over ~15 s), then leaves it to the user. A transient error
 * (network, 5xx, throttling; each already retried by the transport) is never handed there, as
 * n8n would give up on an outage longer than its retries: the loop keeps retrying with
 * exponential backoff (up to a minute) and, once the failures persist, reports them once per
 * streak through `onPersistentFailure` (a failed execution; the workflow stays active).
 * Never a hot loop.
 */
import type { Logger } from 'n8n-workflow';

import type { Delivered } from './delivery';
import { describeError, isTransient } from './errors';
import { WAIT_TIME_SECONDS } from './options';
import { pause } from './pause';
import type { ReceivedMessage, SqsQueue } from './sqs';

export const POLL_BACKOFF = {
	baseMs: 1_000,
	maxMs: 60_000,
	/** ~2 minutes of backoff before a lasting outage is reported (once; retrying goes on) */
	reportAfterFailures: 8,
} as const;

export interface PollerOptions {
	maxNumberOfMessages: number;
	visibilityTimeout: number;
	maxConcurrentExecutions: number;
	/** manual: one message at a time, stop after the first that started a run or was reported, report the first error */
	manual: boolean;
}

export interface PollerHost {
	deliver(message: ReceivedMessage): Promise<Delivered>;
	/** polling cannot go on: the trigger reports it and n8n closes it */
	onFatal(error: unknown): void;
	/** transient failures keep coming; polling goes on */
	onPersistentFailure(error: unknown, consecutiveFailures: number): void;
	logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
}

/** Exponential with jitter in its upper half, so many triggers do not retry in step but none retries early. */
export function pollBackoffMs(
	consecutiveFailures: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(
		POLL_BACKOFF.maxMs,
		POLL_BACKOFF.baseMs * 2 ** (consecutiveFailures - 1),
	);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class Poller {
	private loop: Promise<void> = Promise.resolve();
	private inFlight = 0;
	private wakeUp?: () => void;

	constructor(
		private readonly queue: SqsQueue,
		private readonly options: PollerOptions,
		private readonly host: PollerHost,
		/** aborts when the trigger closes: ends the pending long poll and every wait */
		private readonly signal: AbortSignal,
	) {
		signal.addEventListener('abort', () => this.wakeUp?.(), { once: true });
	}

	async start(): Promise<void> {
		const first = await this.receive(0);
		this.loop = this.run(first);
	}

	/** Settles once the loop has ended (after the signal aborted, or on a fatal error). */
	async stopped(): Promise<void> {
		await this.loop;
	}

	private get batchSize(): number {
		if (this.options.manual) return 1;
		return Math.max(
			1,
			Math.min(
				this.options.maxNumberOfMessages,
				this.options.maxConcurrentExecutions - this.inFlight,
			),
		);
	}

	private async receive(waitTimeSeconds: number): Promise<ReceivedMessage[]> {
		return await this.queue.receive(
			{
				maxNumberOfMessages: this.batchSize,
				waitTimeSeconds,
				visibilityTimeout: this.options.visibilityTimeout,
			},
			this.signal,
		);
	}

	private async run(first: ReceivedMessage[]): Promise<void> {
		const { signal } = this;
		let messages = first;
		let failures = 0;
		try {
			// In a manual run n8n swaps in its emit and error functions only after trigger() returned:
			// hand nothing over before then (a timer turn comes after n8n's await has resumed).
			await pause(0, signal);
			while (!signal.aborted) {
				if (messages.length > 0) {
					const ended = await this.dispatch(messages);
					messages = [];
					if (this.options.manual && ended) return;
				}
				await this.waitForCapacity();
				if (signal.aborted) return;
				try {
					messages = await this.receive(WAIT_TIME_SECONDS);
					if (failures >= POLL_BACKOFF.reportAfterFailures)
						this.host.logger.info(`Receiving from ${this.queue.queueUrl} works again`);
					failures = 0;
				} catch (error) {
					if (signal.aborted) return;
					failures++;
					if (this.options.manual || !isTransient(error)) {
						this.host.onFatal(error);
						return;
					}
					if (failures === POLL_BACKOFF.reportAfterFailures)
						this.host.onPersistentFailure(error, failures);
					const delay = pollBackoffMs(failures);
					this.host.logger.warn(
						`Receiving from ${this.queue.queueUrl} failed (${failures} in a row), trying again in ${Math.round(delay / 1000)} s: ${describeError(error)}`,
					);
					await pause(delay, signal);
				}
			}
		} catch (error) {
			// A bug of ours must not become an unhandled rejection that takes n8n down.
			if (!signal.aborted) this.host.onFatal(error);
		}
	}

	/** Hands the messages over in parallel; true when one started an execution or was reported (a test listen ends). */
	private async dispatch(messages: ReceivedMessage[]): Promise<boolean> {
		const delivered = await Promise.all(
			messages.map(async (message) => await this.host.deliver(message)),
		);
		for (const { finished } of delivered) {
			this.inFlight++;
			const release = () => {
				this.inFlight--;
				this.wakeUp?.();
			};
			void finished.then(release, release);
		}
		return delivered.some(({ started, reported }) => started || reported);
	}

	private async waitForCapacity(): Promise<void> {
		while (this.inFlight >= this.options.maxConcurrentExecutions && !this.signal.aborted) {
			await new Promise<void>((resolve) => {
				this.wakeUp = resolve;
			});
			this.wakeUp = undefined;
		}
	}
}
