/**
 * Once per matrix run: resolves N8N_VERSION (default: the runner's default version) to an exact n8n release,
 * installs it and the Node it runs on if the cache lacks them, says which versions run (and which newer ones
 * did not install), and packs the repo once. The test file reads the exact version from N8N_MATRIX_VERSION.
 * With N8N_MATRIX_REPORT set, the same facts go to that file as JSON (`.ci/run` prints them at the end).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import {
	childEnv,
	DEFAULT_N8N_VERSION,
	ensureN8nFor,
	log,
	packPackage,
	runToCompletion,
} from '../runner';

export default async function globalSetup(): Promise<void> {
	const spec = process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
	const startedAt = Date.now();
	const { runtime, skipped } = await ensureN8nFor(spec);
	const node = (
		await runToCompletion(runtime.nodeBin, ['--version'], {
			label: 'node --version',
			env: childEnv(),
		})
	).stdout.trim();
	const notInstalled = skipped.map((s) => `${s.version} did not install: ${s.reason}`).join('; ');
	log(
		`matrix: n8n ${runtime.version} on Node ${node} (asked for ${spec}${notInstalled ? `; ${notInstalled}` : ''}), ready in ${Date.now() - startedAt} ms`,
	);
	process.env.N8N_MATRIX_VERSION = runtime.version;
	if (process.env.N8N_MATRIX_REPORT) {
		mkdirSync(dirname(process.env.N8N_MATRIX_REPORT), { recursive: true });
		writeFileSync(
			process.env.N8N_MATRIX_REPORT,
			`${JSON.stringify({ spec, n8n: runtime.version, node, skipped }, null, '\t')}\n`,
		);
	}
	if (!process.env.N8N_E2E_TARBALL) {
		process.env.N8N_E2E_TARBALL = await packPackage();
		process.env.N8N_E2E_TARBALL_PACKED = '1';
	}
}
