/**
 * 5. Memory: 1k, 5k and 10k items through our node (Send Step Success, default options, zero
 * latency; emulator in its own process). Each size runs in a fresh process (memoryProbe.ts), twice:
 * - natural: RSS and heap sampled every 2 ms while V8 collects when it likes — the peak n8n sees;
 * - live: a full GC forced every 250 ms, keeping the largest heap found right after one — what
 *   the run really keeps alive at its worst, garbage excluded.
 * Both also record the heap after a GC with the run's result held, and once it is dropped.
 *
 * What "flat" means here: what the run keeps alive is its items and nothing more — the live peak
 * stays within the result held at the end, per item the same at 1k and at 10k, and once the
 * result is dropped the heap is back where it started. The n8n engine holds every node's items
 * (Start's input and our output) until the execution ends; that is n8n's, not ours.
 * Limits: the peak RSS of the natural run is mostly garbage not collected yet (V8 grows the old
 * generation lazily on a machine with memory to spare) and so depends on the machine and flags.
 */
import { forkOnce } from './lib/processes';
import { startRemoteEmulator, type RemoteEmulator } from './lib/remoteEmulator';
import { bytes, fixed, median, seconds } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';
import type { MemoryProbeInput, MemoryProbeOutput } from './memoryProbe';

/**
 * What the heap left after the run may grow per further item (between the two largest sizes)
 * before we call it a leak. A fixed amount is left whatever the size (compiled code, n8n's
 * caches); its noise is ~±100 kB, i.e. ~20 B/item over 5k items.
 */
const LEAK_TOLERANCE_BYTES_PER_ITEM = 50;
/** The live peak may exceed the result held at the end by this factor (items in flight, GC timing). */
const LIVE_PEAK_TOLERANCE = 1.25;

async function probe(
	emulator: RemoteEmulator,
	items: number,
	mode: MemoryProbeInput['mode'],
): Promise<MemoryProbeOutput> {
	await emulator.reset();
	const warmupTokens = await emulator.createCallbackSteps(200);
	const tokens = await emulator.createCallbackSteps(items);
	return await forkOnce<MemoryProbeInput, MemoryProbeOutput>(
		'memoryProbe.ts',
		{ endpoint: { url: emulator.url, region: emulator.region }, warmupTokens, tokens, mode },
		{ nodeArgs: ['--expose-gc'] },
	);
}

export const memory: Benchmark = {
	id: 'memory',
	title: 'Memory: 1k / 5k / 10k items through the node',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const sizes = context.quick ? [1000, 2000] : [1000, 5000, 10_000];
		const runs = Math.max(context.quick ? 1 : 3, context.runs);
		const emulator = await startRemoteEmulator(0);
		const natural = new Map<number, MemoryProbeOutput[]>(sizes.map((n) => [n, []]));
		const live = new Map<number, MemoryProbeOutput[]>(sizes.map((n) => [n, []]));
		try {
			for (let run = 1; run <= runs; run++) {
				for (const items of sizes) {
					context.log(`memory: run ${run}/${runs}, ${items} items`);
					natural.get(items)!.push(await probe(emulator, items, 'natural'));
					live.get(items)!.push(await probe(emulator, items, 'live'));
				}
			}
		} finally {
			await emulator.close();
		}

		// Heap figures from both modes are pooled: they measure the same state after a full GC.
		const both = (n: number) => [...natural.get(n)!, ...live.get(n)!];
		const med = (outputs: MemoryProbeOutput[], pick: (o: MemoryProbeOutput) => number) =>
			median(outputs.map(pick));
		const peakRss = (n: number) => med(natural.get(n)!, (o) => o.peakRss - o.baseline.rss);
		const livePeak = (n: number) =>
			med(live.get(n)!, (o) => o.peakLiveHeapUsed! - o.baseline.heapUsed);
		const held = (n: number) => med(both(n), (o) => o.withOutput.heapUsed - o.baseline.heapUsed);
		const left = (n: number) => med(both(n), (o) => o.afterRelease.heapUsed - o.baseline.heapUsed);
		const leftCode = (n: number) =>
			med(both(n), (o) => o.codeSpace.afterRelease - o.codeSpace.baseline);
		const json = (n: number) => med(both(n), (o) => o.inputJsonBytes + o.outputJsonBytes);
		const withPerItem = (value: number, n: number) => `${bytes(value)} (${bytes(value / n)}/item)`;
		const rows = sizes.map((n) => [
			String(n),
			seconds(med(natural.get(n)!, (o) => o.wallMs)),
			withPerItem(peakRss(n), n),
			withPerItem(livePeak(n), n),
			withPerItem(held(n), n),
			bytes(json(n) / n),
			`${bytes(left(n))} (of which compiled code ${bytes(leftCode(n))})`,
		]);

		const largest = sizes[sizes.length - 1];
		const smallest = sizes[0];
		const marginal = (pick: (n: number) => number) =>
			(pick(largest) - pick(smallest)) / (largest - smallest);
		const secondLargest = sizes[sizes.length - 2];
		const leakPerItem = (left(largest) - left(secondLargest)) / (largest - secondLargest);
		return {
			id: this.id,
			title: this.title,
			settings: {
				sizes,
				runs,
				latencyMs: 0,
				concurrency: 'default',
				process: 'fresh per size and mode, --expose-gc',
				liveGcEveryMs: 250,
			},
			table: {
				columns: [
					'items',
					'wall',
					'peak RSS growth (V8 collects when it likes)',
					'live heap peak (GC every 250 ms)',
					"heap held with the run's result",
					'items as JSON, per item',
					'heap left once the result is dropped',
				],
				rows,
			},
			checks: [
				{
					target: `nothing kept per item once the run is over (heap left grows < ${LEAK_TOLERANCE_BYTES_PER_ITEM} B per further item, ${secondLargest}→${largest} items)`,
					measured: `${fixed(1)(leakPerItem)} B/item (${bytes(left(secondLargest))} → ${bytes(left(largest))} left in all)`,
					met: leakPerItem < LEAK_TOLERANCE_BYTES_PER_ITEM,
				},
				{
					target: `no per-item retention beyond the output during the run (live peak ≤ ${LIVE_PEAK_TOLERANCE}× the result held, ${largest} items)`,
					measured: `${bytes(livePeak(largest))} vs ${bytes(held(largest))} (${fixed(2)(livePeak(largest) / held(largest))}×)`,
					met: livePeak(largest) <= LIVE_PEAK_TOLERANCE * held(largest),
				},
			],
			notes: [
				`Medians of ${runs} runs, a fresh process per run, size and mode; growth is over the same process after a warm-up run of 200 items.`,
				`Each further item (${smallest}→${largest}) keeps ${bytes(marginal(held))} alive while the result is held and raises the live peak by ${bytes(marginal(livePeak))}: the items n8n holds until the execution ends.`,
				`The natural peak RSS grows by ${bytes(marginal(peakRss))} per further item: garbage V8 has not collected yet (see the live peak), not retention.`,
			],
			data: {
				natural: Object.fromEntries([...natural].map(([n, outputs]) => [String(n), outputs])),
				live: Object.fromEntries([...live].map(([n, outputs]) => [String(n), outputs])),
			},
		};
	},
};
