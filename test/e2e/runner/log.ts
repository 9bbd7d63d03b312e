/**
 * Progress lines for the real-n8n runner. They go to stderr so that a script's own stdout (the demo's plain
 * story, a benchmark's JSON) stays clean, and jest shows them live.
 */

export function log(message: string): void {
	process.stderr.write(`[n8n-runner] ${message}\n`);
}

/** Seconds since `startedAt` (a Date.now() value), one decimal, for "took 6.3 s" lines. */
export function secondsSince(startedAt: number): string {
	return `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
}
