/**
 * 4. Size: the npm tarball of this package (what a user downloads and n8n installs) vs what
 * @aws-sdk/client-sagemaker installs: the package and every package it depends on, transitively.
 *
 * Ours comes from `npm pack --dry-run --json` after a build (run in the private copy of the package,
 * lib/snapshot.ts, so a rebuild of dist/ by other work cannot cut it short): packed (gzip) and unpacked bytes.
 * The SDK's is the sum of file sizes (apparent bytes, like npm's unpackedSize) of every package in
 * its production dependency closure as installed in node_modules, each counted once, nested
 * node_modules folders excluded from the package that holds them and counted as packages of their
 * own. Limits: on-disk usage (du) rounds every file up to a block and is larger still.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { REPO_ROOT } from './lib/machine';
import { runCommand } from './lib/processes';
import { bytes, fixed } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';

const PACKED_TARGET_BYTES = 60_000;

interface PackInfo {
	size: number;
	unpackedSize: number;
	entryCount: number;
}

function folderBytes(folder: string): number {
	let total = 0;
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		if (entry.name === 'node_modules') continue;
		const path = join(folder, entry.name);
		if (entry.isDirectory()) total += folderBytes(path);
		else if (entry.isFile()) total += lstatSync(path).size;
	}
	return total;
}

/** Node's resolution of a package name from a package folder: the nearest node_modules upwards. */
function resolvePackage(name: string, from: string): string | undefined {
	for (let folder = from; ; folder = dirname(folder)) {
		const candidate = join(folder, 'node_modules', name);
		if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
		if (dirname(folder) === folder) return undefined;
	}
}

export function dependencyClosure(
	rootName: string,
	from = REPO_ROOT,
): { packages: Map<string, string>; unresolved: string[] } {
	const packages = new Map<string, string>(); // real folder → name@version
	const unresolved: string[] = [];
	const visit = (name: string, from: string) => {
		const folder = resolvePackage(name, from);
		if (!folder) {
			unresolved.push(name);
			return;
		}
		if (packages.has(folder)) return;
		const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
			version: string;
			dependencies?: Record<string, string>;
			optionalDependencies?: Record<string, string>;
		};
		packages.set(folder, `${name}@${manifest.version}`);
		for (const dependency of Object.keys({
			...manifest.dependencies,
			...manifest.optionalDependencies,
		}))
			visit(dependency, folder);
	};
	visit(rootName, from);
	return { packages, unresolved };
}

export const size: Benchmark = {
	id: 'size',
	title: 'Size: our npm tarball vs the AWS SDK client install',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const packageDir = await context.builtPackage();
		const output = await runCommand('npm', ['pack', '--dry-run', '--json'], { cwd: packageDir });
		const [pack] = JSON.parse(output.slice(output.indexOf('['))) as PackInfo[];

		const { packages, unresolved } = dependencyClosure('@aws-sdk/client-sagemaker');
		const sdkBytes = [...packages.keys()].reduce((sum, folder) => sum + folderBytes(folder), 0);
		const ownFolder = [...packages].find(([, id]) =>
			id.startsWith('@aws-sdk/client-sagemaker@'),
		)![0];
		const sdkOwnBytes = folderBytes(ownFolder);

		return {
			id: this.id,
			title: this.title,
			settings: { source: 'npm pack --dry-run --json; node_modules for the SDK' },
			table: {
				columns: ['what', 'packed (tarball)', 'unpacked', 'files / packages'],
				rows: [
					[
						'n8n-nodes-sagemaker-pipelines (this package)',
						bytes(pack.size),
						bytes(pack.unpackedSize),
						`${pack.entryCount} files, 0 dependencies`,
					],
					['@aws-sdk/client-sagemaker alone', '—', bytes(sdkOwnBytes), '1 package'],
					[
						'@aws-sdk/client-sagemaker with its dependencies',
						'—',
						bytes(sdkBytes),
						`${packages.size} packages`,
					],
				],
			},
			checks: [
				{
					target: '< 60 kB packed',
					measured: `${fixed(1)(pack.size / 1000)} kB`,
					met: pack.size < PACKED_TARGET_BYTES,
				},
			],
			notes: [
				`The SDK installs ${fixed(0)(sdkBytes / pack.unpackedSize)}× our unpacked size.`,
				...(unresolved.length
					? [
							`Dependencies not installed here (optional or platform-specific), not counted: ${unresolved.join(', ')}.`,
						]
					: []),
			],
			data: {
				pack,
				sdk: {
					bytes: sdkBytes,
					ownBytes: sdkOwnBytes,
					packages: [...packages.values()].sort(),
					unresolved,
				},
			},
		};
	},
};
