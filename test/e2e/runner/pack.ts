/**
 * Packs this repo the way it would be published, so the real-n8n legs test the tarball a user installs and
 * not the work tree.
 *
 * Duty: `npm run build`, `npm pack` into a fresh temp folder, and a check that every file the package.json
 * `n8n` field names is in the tarball (n8n only logs a missing one and then calls the node type unknown).
 * Limits: builds in the shared work tree (dist/ is rewritten); a build error is reported with its output,
 * not diagnosed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { log, secondsSince } from './log';
import { npmEnv, runToCompletion } from './processes';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface PackOptions {
	/** Run `npm run build` first (default true); false packs whatever dist/ holds now. */
	build?: boolean;
}

/** Returns the absolute path of the packed .tgz. */
export async function packPackage(options: PackOptions = {}): Promise<string> {
	const startedAt = Date.now();
	const env = npmEnv();
	if (options.build ?? true) {
		await runToCompletion('npm', ['run', 'build'], {
			label: 'npm run build',
			cwd: REPO_ROOT,
			env,
			timeoutMs: 300_000,
		});
	}
	const destination = mkdtempSync(join(tmpdir(), 'n8n-sagemaker-pack-'));
	const { stdout } = await runToCompletion(
		'npm',
		['pack', '--json', '--pack-destination', destination],
		{
			label: 'npm pack',
			cwd: REPO_ROOT,
			env,
			timeoutMs: 120_000,
		},
	);
	// Lifecycle scripts (if a .npmrc ever enables them) print before the JSON array.
	const [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const inTarball = new Set(packed.files.map((file) => file.path));
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((path) => !inTarball.has(path));
	if (missing.length > 0) {
		throw new Error(
			`npm pack: package.json "n8n" names files the tarball lacks (did the build produce them?): ${missing.join(', ')}`,
		);
	}
	const tarball = join(destination, packed.filename);
	log(`packed ${packed.filename} (${packed.files.length} files) in ${secondsSince(startedAt)}`);
	return tarball;
}
