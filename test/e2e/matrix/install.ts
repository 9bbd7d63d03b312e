/**
 * `.ci/run`'s "n8n installs" step: installs the n8n of every real-n8n leg (the default version and each matrix
 * entry, with the Node each runs on) at the same time, so the legs that follow find them cached. Installs are
 * mostly download, unpacking and one single-threaded sqlite3 build each, so three side by side finish far
 * sooner than one after the other even on two cores; nothing else runs meanwhile.
 *
 * Usage: ts-node --transpile-only test/e2e/matrix/install.ts 1 2.40.7 2   (entries as N8N_MATRIX takes them)
 * Prints one line per entry; exits 1 if any entry could not be installed.
 */
import { childEnv, ensureN8nFor, runToCompletion } from '../runner';

async function main(given: string[]): Promise<number> {
	const entries = [...new Set(given)];
	if (entries.length === 0) throw new Error('give the matrix entries, e.g. 1 2.40.7 2');
	const startedAt = Date.now();
	const results = await Promise.allSettled(
		entries.map(async (entry) => {
			const { runtime, skipped } = await ensureN8nFor(entry);
			const node = (
				await runToCompletion(runtime.nodeBin, ['--version'], {
					label: 'node --version',
					env: childEnv(),
				})
			).stdout.trim();
			const notInstalled = skipped
				.map((s) => `; ${s.version} did not install: ${s.reason}`)
				.join('');
			return `n8n ${entry}: ${runtime.version} on Node ${node}${notInstalled}`;
		}),
	);
	for (const [index, result] of results.entries()) {
		console.log(
			result.status === 'fulfilled'
				? result.value
				: `n8n ${entries[index]}: FAILED ${(result.reason as Error).message}`,
		);
	}
	console.log(`matrix installs ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
	return results.every((result) => result.status === 'fulfilled') ? 0 : 1;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error.message);
		process.exit(1);
	},
);
