/**
 * Waiting that a deactivation cuts short: the trigger's backoff and visibility heartbeat wait
 * through here, so closing the trigger never leaves a loop asleep. Uses n8n-workflow's `sleep`
 * (community nodes may not use timers directly); the abort also ends the wait on n8n versions
 * whose `sleep` ignores the signal.
 */
import { sleep } from 'n8n-workflow';

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
	if (signal.aborted) return;
	await new Promise<void>((resolve) => {
		const done = () => {
			signal.removeEventListener('abort', done);
			resolve();
		};
		signal.addEventListener('abort', done, { once: true });
		sleep(ms, signal).then(done, done);
	});
}
