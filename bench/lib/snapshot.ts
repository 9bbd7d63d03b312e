/**
 * A private copy of the built package for the benchmarks that read dist/ (startup cost, size).
 * dist/ is shared: other legs (the real-n8n runner's pack) rebuild it at any moment, and a
 * rebuild starts with `rm -rf dist`. So: build (or not, with --no-build), copy what npm would
 * publish into node_modules/.cache/ (ignored by git, and below the repo so `n8n-workflow`
 * resolves from its node_modules), and check that every file package.json's `n8n` field names
 * made it; a copy caught mid-rebuild is redone.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './machine';
import { runCommand } from './processes';

export const SNAPSHOT_DIR = join(
	REPO_ROOT,
	'node_modules',
	'.cache',
	'n8n-sagemaker-bench',
	'package',
);

/** What npm always packs besides the `files` list: package.json, README*, LICENSE* / LICENCE*. */
const ALWAYS_PACKED = /^(package\.json|readme(\..*)?|licen[cs]e(\..*)?)$/i;

function declaredFiles(): string[] {
	const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	return [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
}

export async function snapshotPackage(options: {
	build: boolean;
	log(message: string): void;
}): Promise<string> {
	for (let attempt = 1; attempt <= 3; attempt++) {
		if (options.build) {
			options.log('npm run build');
			await runCommand('npm', ['run', 'build']);
		}
		rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
		mkdirSync(SNAPSHOT_DIR, { recursive: true });
		try {
			cpSync(join(REPO_ROOT, 'dist'), join(SNAPSHOT_DIR, 'dist'), { recursive: true });
			for (const file of readdirSync(REPO_ROOT)) {
				if (ALWAYS_PACKED.test(file)) cpSync(join(REPO_ROOT, file), join(SNAPSHOT_DIR, file));
			}
		} catch (error) {
			options.log(
				`copying dist/ failed (rebuilt by someone else meanwhile?): ${(error as Error).message}`,
			);
			continue;
		}
		const missing = declaredFiles().filter((file) => !existsSync(join(SNAPSHOT_DIR, file)));
		if (missing.length === 0) return SNAPSHOT_DIR;
		options.log(
			`the copy of dist/ lacks ${missing.join(', ')}${options.build ? '; building again' : ''}`,
		);
		if (!options.build) break;
	}
	throw new Error(
		'could not get a complete copy of dist/: run `npm run build` (or drop --no-build)',
	);
}
