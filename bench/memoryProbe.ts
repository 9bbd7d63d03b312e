/**
 * Child process of memory.ts (run with --expose-gc): runs one workflow of N items through our
 * node and reports how memory moved. A process of its own per size, so one size's garbage and
 * heap growth cannot blur another's.
 */
import './lib/env';
import './lib/preferTs';

import { getHeapSpaceStatistics } from 'node:v8';

import { runNodeOver, type Endpoint } from './lib/workloads';

export interface MemoryProbeInput {
	endpoint: Endpoint;
	warmupTokens: string[];
	tokens: string[];
	/**
	 * 'natural': sample RSS and heap every 2 ms and let V8 collect when it likes (what n8n sees);
	 * 'live': force a full GC every 250 ms during the run and record the heap left each time
	 * (what the run really keeps alive, garbage excluded).
	 */
	mode: 'natural' | 'live';
}

export interface MemoryProbeOutput {
	items: number;
	wallMs: number;
	baseline: NodeJS.MemoryUsage;
	mode: MemoryProbeInput['mode'];
	peakRss: number;
	peakHeapUsed: number;
	/** live mode: the largest heap found right after a forced GC during the run */
	peakLiveHeapUsed?: number;
	/** after a full GC, the run's result (all nodes' output) still referenced */
	withOutput: NodeJS.MemoryUsage;
	/** after a full GC, the result dropped and 250 ms of event loop let pass */
	afterRelease: NodeJS.MemoryUsage;
	/** V8 code space used at baseline and after release: compiled code grows as more functions get optimized */
	codeSpace: { baseline: number; afterRelease: number };
	/** JSON text of the items the run holds (Start's input items and our output items) */
	inputJsonBytes: number;
	outputJsonBytes: number;
}

const codeSpaceUsed = () =>
	getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;

const collect = () => {
	// Twice: the first pass may only queue finalizers.
	global.gc!();
	global.gc!();
	return process.memoryUsage();
};

process.once('message', async ({ endpoint, warmupTokens, tokens, mode }: MemoryProbeInput) => {
	await runNodeOver(endpoint, warmupTokens);
	const baseline = collect();
	const codeSpaceAtBaseline = codeSpaceUsed();

	let peakRss = baseline.rss;
	let peakHeapUsed = baseline.heapUsed;
	let peakLiveHeapUsed = baseline.heapUsed;
	const sample = () => {
		const usage = process.memoryUsage();
		peakRss = Math.max(peakRss, usage.rss);
		peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
	};
	const sampler =
		mode === 'natural'
			? setInterval(sample, 2)
			: setInterval(() => {
					peakLiveHeapUsed = Math.max(peakLiveHeapUsed, collect().heapUsed);
				}, 250);
	const started = performance.now();
	let result: Awaited<ReturnType<typeof runNodeOver>> | undefined = await runNodeOver(
		endpoint,
		tokens,
	);
	const wallMs = performance.now() - started;
	clearInterval(sampler);
	sample();

	const withOutput = collect();
	const inputJsonBytes = JSON.stringify(result.output('Start').map((item) => item.json)).length;
	const outputJsonBytes = JSON.stringify(
		result.output('SageMaker').map((item) => item.json),
	).length;
	result = undefined;
	// Sockets closing and n8n's last callbacks still hold the run for a moment after it resolves.
	await new Promise((resolve) => setTimeout(resolve, 250));
	const afterRelease = collect();
	const codeSpace = { baseline: codeSpaceAtBaseline, afterRelease: codeSpaceUsed() };

	const output: MemoryProbeOutput = {
		items: tokens.length,
		wallMs,
		mode,
		baseline,
		peakRss,
		peakHeapUsed,
		...(mode === 'live' ? { peakLiveHeapUsed } : {}),
		withOutput,
		afterRelease,
		codeSpace,
		inputJsonBytes,
		outputJsonBytes,
	};
	process.send!(output);
});
