/**
 * 3. Cost on n8n start: what loading our package adds to a process that has n8n-workflow loaded
 * already (as n8n has), vs loading @aws-sdk/client-sagemaker, each in fresh Node processes.
 *
 * Ours = require every node and credential file package.json's `n8n` field names, from dist/
 * (built first, a private copy: lib/snapshot.ts), and instantiate each class, as n8n's loader does at start in the main process
 * and in every worker. The SDK = require('@aws-sdk/client-sagemaker'). A control case loads
 * nothing after the baseline, to show the measurement's own noise.
 *
 * Measured in the child: wall time of the requires (performance.now), RSS growth, and heap still
 * used after a full GC (--expose-gc). Median of ≥ 10 processes per case, interleaved. Run with the
 * Node running the benchmarks and, when the real-n8n legs have installed it (test/e2e/runner/cache.ts),
 * with the Node 24 that n8n 2.x runs on — a benchmark run never downloads Node itself.
 * Limits: the OS page cache is warm after the first process; n8n's own loader adds its work
 * (reading package.json, the codex files) on top, alike for any package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { cacheRoot, ensureNode24 } from '../test/e2e/runner/cache';
import { runCommand } from './lib/processes';
import { bytes, fixed, median, millis, spread } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';

interface ProbeResult {
	ms: number;
	/** user + system CPU of the requires: unlike wall time, not stretched by other load on the machine */
	cpuMs: number;
	rssBytes: number;
	heapBytes: number;
}

/** The child's script: baseline n8n-workflow, then load what it is given, then report the growth. */
function probeScript(load: string): string {
	// The GC before the baseline returns pages to the OS in the background; wait for that to settle,
	// or the RSS growth would be understated.
	return `
const { performance } = require('node:perf_hooks');
require('n8n-workflow');
global.gc();
setTimeout(() => {
	const rss0 = process.memoryUsage().rss, heap0 = process.memoryUsage().heapUsed, cpu0 = process.cpuUsage(), t0 = performance.now();
	${load}
	const t1 = performance.now(), cpu1 = process.cpuUsage(cpu0), rss1 = process.memoryUsage().rss;
	global.gc();
	const heap1 = process.memoryUsage().heapUsed;
	process.stdout.write(JSON.stringify({ ms: t1 - t0, cpuMs: (cpu1.user + cpu1.system) / 1000, rssBytes: rss1 - rss0, heapBytes: heap1 - heap0 }));
}, 100);
`;
}

/** n8n's loader: the class named like the file (Foo.node.js → Foo), instantiated once. */
function loadOurs(files: string[]): string {
	return files
		.map((file) => {
			const className = basename(file).replace(/\.(node|credentials)\.js$/, '');
			return `new (require(${JSON.stringify(file)})[${JSON.stringify(className)}])();`;
		})
		.join('\n');
}

async function probe(nodeBin: string, load: string): Promise<ProbeResult> {
	const output = await runCommand(nodeBin, ['--expose-gc', '-e', probeScript(load)], {
		timeoutMs: 60_000,
	});
	return JSON.parse(output) as ProbeResult;
}

interface Runtime {
	label: string;
	nodeBin: string;
}

async function runtimes(): Promise<{ found: Runtime[]; note?: string }> {
	const found: Runtime[] = [{ label: `Node ${process.versions.node}`, nodeBin: process.execPath }];
	// The marker is what the runner writes once an install is verified; without it ensureNode24 would install.
	if (!existsSync(join(cacheRoot(), 'node24', '.installed.json'))) {
		return {
			found,
			note: 'Node 24 (what n8n 2.x runs on) is not in the real-n8n cache yet: run `npm run test:e2e` once to measure with it too.',
		};
	}
	const nodeBin = await ensureNode24();
	const version = (await runCommand(nodeBin, ['--version'])).trim().replace(/^v/, '');
	found.push({ label: `Node ${version} (n8n 2.x)`, nodeBin });
	return { found };
}

export const startupCost: Benchmark = {
	id: 'startupCost',
	title: 'Cost on n8n start: loading our node, trigger and credential vs the AWS SDK',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const packageDir = await context.builtPackage();
		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		const declared = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		const present = declared.filter((file) => existsSync(join(packageDir, file)));
		const missing = declared.filter((file) => !present.includes(file));
		const samples = Math.max(context.quick ? 5 : 15, context.runs);
		const { found, note } = await runtimes();

		const loads = [
			{ key: 'control', label: 'nothing more (noise of the measurement)', load: '' },
			{
				key: 'ours',
				label: `our package: ${present.length} files from dist/, instantiated`,
				load: loadOurs(present.map((f) => join(packageDir, f))),
			},
			{
				key: 'sdk',
				label: "require('@aws-sdk/client-sagemaker')",
				load: "require('@aws-sdk/client-sagemaker');",
			},
		];
		const cases = found.flatMap((runtime) =>
			loads.map((load) => ({ ...load, runtime, results: [] as ProbeResult[] })),
		);

		for (let sample = 1; sample <= samples; sample++) {
			context.log(`startupCost: process ${sample}/${samples}`);
			for (const entry of cases) entry.results.push(await probe(entry.runtime.nodeBin, entry.load));
		}

		const of = (runtime: Runtime, key: string) =>
			cases.find((c) => c.runtime === runtime && c.key === key)!.results;
		const med = (runtime: Runtime, key: string, field: keyof ProbeResult) =>
			median(of(runtime, key).map((r) => r[field]));
		const rows = cases.map((entry) => [
			entry.runtime.label,
			entry.label,
			spread(
				entry.results.map((r) => r.ms),
				millis,
			),
			millis(median(entry.results.map((r) => r.cpuMs))),
			spread(
				entry.results.map((r) => r.rssBytes),
				bytes,
			),
			bytes(median(entry.results.map((r) => r.heapBytes))),
		]);
		return {
			id: this.id,
			title: this.title,
			settings: {
				processesPerCase: samples,
				baseline: "require('n8n-workflow')",
				files: present,
				missing,
				runtimes: found.map((r) => r.label),
			},
			table: {
				columns: [
					'Node',
					'loaded after n8n-workflow',
					'time, median (min–max)',
					'CPU time',
					'RSS added, median (min–max)',
					'heap kept after GC',
				],
				rows,
			},
			checks: found.flatMap((runtime) => [
				{
					target: `our modules load in < 10 ms (${runtime.label})`,
					measured: `${millis(med(runtime, 'ours', 'ms'))} (CPU ${millis(med(runtime, 'ours', 'cpuMs'))})`,
					met: med(runtime, 'ours', 'ms') < 10,
				},
				{
					target: `our modules add < 2 MB RSS (${runtime.label})`,
					measured: bytes(med(runtime, 'ours', 'rssBytes')),
					met: med(runtime, 'ours', 'rssBytes') < 2_000_000,
				},
			]),
			notes: [
				`Fresh \`node\` per sample, ${samples} per case, interleaved; figures are growth over a process with n8n-workflow loaded.`,
				...found.map(
					(runtime) =>
						`${runtime.label}: the SDK takes ${fixed(0)(med(runtime, 'sdk', 'ms') / med(runtime, 'ours', 'ms'))}× our time and ${fixed(0)(med(runtime, 'sdk', 'rssBytes') / Math.max(1, med(runtime, 'ours', 'rssBytes')))}× our RSS.`,
				),
				...(note ? [note] : []),
				...(missing.length ? [`Not built yet, so not loaded: ${missing.join(', ')}.`] : []),
			],
			data: Object.fromEntries(
				cases.map((entry) => [`${entry.runtime.label} / ${entry.key}`, entry.results]),
			),
		};
	},
};
