/**
 * The load of the queue-mode leg, played on the emulator: many SageMaker callback steps waiting at once (each
 * puts its message in the SQS queue the moment it starts), then a watch until n8n has drained them.
 *
 * Duty: queue the steps (optionally planning failures through the `failUntilReceive` step argument, see
 * callbackWorkflow.ts); wait until every step meant to succeed left "Executing" and the queue holds nothing
 * visible, in flight or delayed; time it from the first message. Limits: reads the emulator's state only (what
 * AWS would show); what n8n did is asked of n8n by the caller.
 */
import type { Emulator } from '../../tools/emulator';
import { sleep } from '../e2e/runner/processes';

export interface QueuedStep {
	token: string;
	/** The execution fails while the message's receive count is below this. */
	failUntilReceive?: number;
}

/** Starts `count` callback steps whose messages go to `queueUrl`; `plan(index)` may make some fail. */
export function queueCallbackSteps(
	emulator: Emulator,
	queueUrl: string,
	count: number,
	plan: (index: number) => number | undefined = () => undefined,
): QueuedStep[] {
	return Array.from({ length: count }, (_, index) => {
		const failUntilReceive = plan(index);
		const { token } = emulator.sageMaker.createCallbackStep({
			pipelineName: 'queue-mode-load',
			queueUrl,
			arguments: {
				model: `s3://models/load/${index}/model.tar.gz`,
				...(failUntilReceive ? { failUntilReceive: String(failUntilReceive) } : {}),
			},
		});
		return { token, failUntilReceive };
	});
}

export interface Drain {
	/** From `since` until the last step meant to succeed did and the queue was empty. */
	drainMs: number;
	/** When each of those steps finished, ms from `since`, in order: a few redelivered messages make a long tail. */
	completionMs: number[];
}

export async function waitForDrain(
	emulator: Emulator,
	queueUrl: string,
	tokens: string[],
	options: { since: number; timeoutMs: number; onProgress?: (done: number) => void },
): Promise<Drain> {
	const pending = new Set(tokens);
	const completionMs: number[] = [];
	let reported = 0;
	const deadline = options.since + options.timeoutMs;
	for (;;) {
		for (const token of pending) {
			const status = emulator.sageMaker.step(token)?.status;
			if (status !== undefined && status !== 'Executing') {
				pending.delete(token);
				completionMs.push(Date.now() - options.since);
			}
		}
		const done = tokens.length - pending.size;
		if (options.onProgress && done - reported >= 100) options.onProgress((reported = done));
		const stats = emulator.sqs.stats(queueUrl);
		if (pending.size === 0 && stats.visible + stats.inFlight + stats.delayed === 0) {
			return { drainMs: Date.now() - options.since, completionMs };
		}
		if (Date.now() > deadline) {
			throw new Error(
				`not drained after ${options.timeoutMs} ms: ${done} of ${tokens.length} steps finished; queue: ${JSON.stringify(stats)}`,
			);
		}
		await sleep(100);
	}
}
