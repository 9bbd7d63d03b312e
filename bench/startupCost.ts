/**
 * 3. Cost on n8n start: what loading our package adds to a process that has n8n-workflow loaded
 * already (as n8n has), vs loading @aws-sdk/client-sagemaker, each in fresh Node processes.
 *
 * Ours = require every node and credential file package.json's `n8n` field names, from dist/
 * (built first), and instantiate each class, as n8n's loader does at start in the main process
 * and in every worker. The SDK = require('@aws-sdk/client-sagemaker'). A control case loads
 * nothing after the baseline, to show the measurement's own noise.
 *
 * Measured in the child: wall time of the requires (performance.now), RSS growth, and heap still
 * used after a full GC (--expose-gc). Median of ≥ 10 processes per case, interleaved.
 * Limits: the OS page cache is warm after the first process; n8n's own loader adds its work
 * (reading package.json, the codex files) on top, alike for any package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { REPO_ROOT } from './lib/machine';
import { runCommand } from './lib/processes';
import { bytes, fixed, median, millis, spread } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';

interface ProbeResult {
	ms: number;
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
	const rss0 = process.memoryUsage().rss, heap0 = process.memoryUsage().heapUsed, t0 = performance.now();
	${load}
	const t1 = performance.now(), rss1 = process.memoryUsage().rss;
	global.gc();
	const heap1 = process.memoryUsage().heapUsed;
	process.stdout.write(JSON.stringify({ ms: t1 - t0, rssBytes: rss1 - rss0, heapBytes: heap1 - heap0 }));
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

async function probe(load: string): Promise<ProbeResult> {
	const output = await runCommand(process.execPath, ['--expose-gc', '-e', probeScript(load)], { timeoutMs: 60_000 });
	return JSON.parse(output) as ProbeResult;
}

export const startupCost: Benchmark = {
	id: 'startupCost',
	title: 'Cost on n8n start: loading our node, trigger and credential vs the AWS SDK',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		await context.ensureBuilt();
		const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
		const declared = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		const present = declared.filter((file) => existsSync(join(REPO_ROOT, file)));
		const missing = declared.filter((file) => !present.includes(file));
		const samples = Math.max(context.quick ? 5 : 15, context.runs);

		const cases = [
			{ key: 'control', label: 'nothing more (noise of the measurement)', load: '' },
			{ key: 'ours', label: `our package: ${present.length} files from dist/, instantiated`, load: loadOurs(present.map((f) => join(REPO_ROOT, f))) },
			{ key: 'sdk', label: "require('@aws-sdk/client-sagemaker')", load: "require('@aws-sdk/client-sagemaker');" },
		].map((entry) => ({ ...entry, results: [] as ProbeResult[] }));

		for (let sample = 1; sample <= samples; sample++) {
			context.log(`startupCost: process ${sample}/${samples}`);
			for (const entry of cases) entry.results.push(await probe(entry.load));
		}

		const of = (key: string) => cases.find((c) => c.key === key)!.results;
		const med = (key: string, field: keyof ProbeResult) => median(of(key).map((r) => r[field]));
		const rows = cases.map((entry) => [
			entry.label,
			spread(
				entry.results.map((r) => r.ms),
				millis,
			),
			spread(
				entry.results.map((r) => r.rssBytes),
				bytes,
			),
			bytes(median(entry.results.map((r) => r.heapBytes))),
		]);
		return {
			id: this.id,
			title: this.title,
			settings: { processesPerCase: samples, baseline: "require('n8n-workflow')", files: present, missing },
			table: { columns: ['loaded after n8n-workflow', 'time, median (min–max)', 'RSS added, median (min–max)', 'heap kept after GC'], rows },
			checks: [
				{ target: 'our modules load in < 10 ms', measured: millis(med('ours', 'ms')), met: med('ours', 'ms') < 10 },
				{ target: 'our modules add < 2 MB RSS', measured: bytes(med('ours', 'rssBytes')), met: med('ours', 'rssBytes') < 2_000_000 },
			],
			notes: [
				`Fresh \`node\` per sample, ${samples} per case, interleaved; figures are growth over a process with n8n-workflow loaded.`,
				`The SDK costs ${fixed(0)(med('sdk', 'ms') / med('ours', 'ms'))}× our time and ${fixed(0)(med('sdk', 'rssBytes') / Math.max(1, med('ours', 'rssBytes')))}× our RSS.`,
				...(missing.length ? [`Not built yet, so not loaded: ${missing.join(', ')}.`] : []),
			],
			data: Object.fromEntries(cases.map((entry) => [entry.key, entry.results])),
		};
	},
};
