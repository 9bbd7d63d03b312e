/**
 * How the execution a message started ended, as n8n reports it — without waiting forever when n8n loses
 * the report.
 *
 * n8n settles the done promise of `emit` with the finished run. In queue mode (n8n 2.40) it can fail to:
 * - The main process learns that a worker finished through Bull's `job.finished()`, which never settles when
 *   the job was completed and removed from Redis before main began to wait: n8n's default job retention
 *   (N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED/FAILED = 0) removes it at once, and a fast execution can finish
 *   in that gap. n8n settles the response promise of the same `emit` when the execution ended (the worker's
 *   "job finished" message on the queue's progress channel; just before the done promise in regular mode),
 *   so that bounds the wait: once it settled, the run gets DONE_GRACE_MS to arrive.
 * - A worker that dies after saving a successful execution but before telling main: its job is declared
 *   stalled, and n8n, finding the execution saved as a success, returns without ever settling the done
 *   promise — and no "job finished" message comes. Only a limit on the whole wait ends that one: the
 *   trigger's Max Execution Time.
 * Either way the message would otherwise stay hidden for SQS's 12 hours and hold one of the trigger's
 * concurrent executions for good (after Max Concurrent Executions such losses the trigger would stop).
 *
 * Limits: a run that does not arrive is an unknown outcome, handled like a failure — the message comes back
 * and runs again (a callback step answered twice with the same payload is a replay, not a second
 * completion). A Respond to Webhook node in the workflow settles the response promise early; a run that
 * then goes on for longer than the grace counts as lost although it still runs; so does any run longer than
 * Max Execution Time.
 */
import type { IRun } from 'n8n-workflow';

import { pause } from './pause';

/** Generous: main saves and reads the run before settling the done promise, which takes long on a busy database. */
export const DONE_GRACE_MS = 60_000;

/** Why no run came: n8n said the execution ended but sent no run, or said nothing within the limit. */
export type LostOutcome = 'endedWithoutRun' | 'timedOut';

/**
 * Settles with the run once `done` settles; with undefined (after calling `onLost`) when `ended` settled and
 * `done` did not follow within DONE_GRACE_MS, or when neither settled within `maxWaitMs`. Rejects when `done`
 * rejects.
 */
export async function executionOutcome(
	done: Promise<IRun>,
	ended: Promise<unknown>,
	maxWaitMs: number,
	onLost: (why: LostOutcome) => void,
): Promise<IRun | undefined> {
	const settled = new AbortController();
	const grace = async () => await pause(DONE_GRACE_MS, settled.signal);
	const endedWithoutRun = ended.then(grace, grace).then((): LostOutcome => 'endedWithoutRun');
	const timedOut = pause(maxWaitMs, settled.signal).then((): LostOutcome => 'timedOut');
	try {
		const first = await Promise.race([done, endedWithoutRun, timedOut]);
		if (first === 'endedWithoutRun' || first === 'timedOut') {
			onLost(first);
			return undefined;
		}
		return first;
	} finally {
		// Ends the waits of an execution whose run arrived, so no timer outlives it.
		settled.abort();
	}
}
