/**
 * How the execution a message started ended, as n8n reports it — without waiting forever when n8n loses
 * the report.
 *
 * n8n settles the done promise of `emit` with the finished run. In queue mode (n8n 2.40) the main process
 * learns that a worker finished through Bull's `job.finished()`, which never settles when the job was
 * completed and removed from Redis before main began to wait: n8n's default job retention
 * (N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED/FAILED = 0) removes it at once, and a fast execution can finish
 * in that gap. The done promise then never settles: the message would stay hidden for SQS's 12 hours and
 * hold one of the trigger's concurrent executions for good. n8n settles the response promise of the same
 * `emit` when the execution ended (on the queue's progress channel in queue mode, just before the done
 * promise in regular mode), so that bounds the wait: once it settled, the run gets DONE_GRACE_MS to arrive.
 *
 * Limits: a run that does not arrive is an unknown outcome, handled like a failure — the message comes back
 * and runs again (a callback step answered twice with the same payload is a replay, not a second
 * completion). A Respond to Webhook node in the workflow settles the response promise early; a run that
 * then goes on for longer than the grace counts as lost although it still runs.
 */
import type { IRun } from 'n8n-workflow';

import { pause } from './pause';

/** Generous: main saves and reads the run before settling the done promise, which takes long on a busy database. */
export const DONE_GRACE_MS = 60_000;

const LOST = Symbol('lost');

/**
 * Settles with the run once `done` settles; with undefined (after calling `onLost`) when `ended` settled and
 * `done` did not follow within DONE_GRACE_MS. Rejects when `done` rejects.
 */
export async function executionOutcome(
	done: Promise<IRun>,
	ended: Promise<unknown>,
	onLost: () => void,
): Promise<IRun | undefined> {
	const settled = new AbortController();
	const lost = ended.then(
		async () => await pause(DONE_GRACE_MS, settled.signal),
		async () => await pause(DONE_GRACE_MS, settled.signal),
	);
	try {
		const first = await Promise.race([done, lost.then((): typeof LOST => LOST)]);
		if (first === LOST) {
			onLost();
			return undefined;
		}
		return first;
	} finally {
		// Ends the grace wait of an execution whose run arrived, so no timer outlives it.
		settled.abort();
	}
}
