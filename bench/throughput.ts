/**
 * 1. Throughput: N Send Step Success completions at an emulated AWS latency, through our node in
 * the in-process n8n engine, vs the AWS SDK v3 client called the ways a script or a Lambda would:
 * one call after another, and with Promise-based concurrency. The physical limit is
 * N × latency / concurrency: what any client would take if it cost no time itself.
 *
 * The emulator runs in a child process (remoteEmulator.ts) so its CPU does not slow the client
 * being measured; every case runs on fresh callback steps and is checked to have finished all of
 * them. Cases are interleaved run by run so that load from elsewhere on the machine falls on all
 * of them alike. Wall time is the run alone (creating the steps is not counted); for our node it
 * is the whole workflow execution, engine included, as a user waits for it.
 *
 * Limits: one machine, loopback HTTP (no TLS: n8n opens a new connection per request, which costs
 * far more against real AWS over HTTPS than here), and the in-process engine has none of the
 * database work of a real n8n.
 */
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../nodes/AwsSageMakerPipelines/actions/common.descriptions';
import { startRemoteEmulator, type RemoteEmulator } from './lib/remoteEmulator';
import { fixed, median, seconds, spread } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';
import { promisePool, runNodeOver, sdkClient, sdkSendSuccess } from './lib/workloads';

const LATENCY_MS = 25;
/** Concurrencies tried besides the node's default; the node allows at most 100. */
const SWEEP = [20, 50, 100];
/**
 * A fixed latency returns concurrent answers in lockstep, the worst case for a client that needs an
 * event-loop turn between an answer and its next request (n8n opens a new connection for each), so
 * the default settings also run with latency spread evenly over 25 ± 5 ms, closer to real AWS.
 */
const JITTER_MS = 5;
const JITTER_SEED = 7;

interface Sample {
	wallMs: number;
	/** µs of this process's CPU per item (user + system), emulator excluded */
	cpuUsPerItem: number;
}

interface Case {
	key: string;
	way: 'node' | 'sdk';
	concurrency: number;
	/** our node with nothing set in Options (so its default concurrency) */
	defaults?: boolean;
	/** latency varies by ± this around LATENCY_MS, as real AWS's does (0: always LATENCY_MS) */
	jitterMs: number;
	samples: Sample[];
}

async function timed(
	emulator: RemoteEmulator,
	items: number,
	jitterMs: number,
	work: (tokens: string[]) => Promise<unknown>,
): Promise<Sample> {
	await emulator.reset();
	await emulator.setLatency(LATENCY_MS - jitterMs);
	if (jitterMs > 0) await emulator.addJitter(items, 2 * jitterMs, JITTER_SEED);
	const tokens = await emulator.createCallbackSteps(items);
	const cpu = process.cpuUsage();
	const started = performance.now();
	await work(tokens);
	const wallMs = performance.now() - started;
	const used = process.cpuUsage(cpu);
	const finished = await emulator.countSucceeded(tokens);
	if (finished !== items)
		throw new Error(`only ${finished} of ${items} callback steps were finished`);
	return { wallMs, cpuUsPerItem: (used.user + used.system) / items };
}

function runCase(emulator: RemoteEmulator, items: number, entry: Case): Promise<Sample> {
	if (entry.way === 'node') {
		return timed(emulator, items, entry.jitterMs, (tokens) =>
			runNodeOver(emulator, tokens, entry.defaults ? undefined : entry.concurrency),
		);
	}
	// A new client per run, as a fresh script or Lambda would have; its sockets are kept alive within the run.
	const client = sdkClient(emulator, entry.concurrency);
	const work =
		entry.concurrency === 1
			? async (tokens: string[]) => {
					for (const token of tokens) await sdkSendSuccess(client, token);
				}
			: (tokens: string[]) =>
					promisePool(tokens, entry.concurrency, (token) => sdkSendSuccess(client, token));
	return timed(emulator, items, entry.jitterMs, work).finally(() => client.destroy());
}

export const throughput: Benchmark = {
	id: 'throughput',
	title: 'Throughput: Send Step Success through the node vs the AWS SDK',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const items = context.quick ? 200 : 1000;
		const runs = Math.max(context.quick ? 1 : 3, context.runs);
		const concurrencies = [
			DEFAULT_MAX_CONCURRENT_REQUESTS,
			...SWEEP.filter((c) => c !== DEFAULT_MAX_CONCURRENT_REQUESTS),
		];
		const cases: Case[] = [
			{
				key: 'node-default',
				way: 'node',
				concurrency: DEFAULT_MAX_CONCURRENT_REQUESTS,
				defaults: true,
				jitterMs: 0,
				samples: [],
			},
			...SWEEP.map(
				(c): Case => ({ key: `node-${c}`, way: 'node', concurrency: c, jitterMs: 0, samples: [] }),
			),
			{ key: 'sdk-sequential', way: 'sdk', concurrency: 1, jitterMs: 0, samples: [] },
			...concurrencies.map(
				(c): Case => ({ key: `sdk-${c}`, way: 'sdk', concurrency: c, jitterMs: 0, samples: [] }),
			),
			{
				key: 'node-default-jitter',
				way: 'node',
				concurrency: DEFAULT_MAX_CONCURRENT_REQUESTS,
				defaults: true,
				jitterMs: JITTER_MS,
				samples: [],
			},
			{
				key: `sdk-${DEFAULT_MAX_CONCURRENT_REQUESTS}-jitter`,
				way: 'sdk',
				concurrency: DEFAULT_MAX_CONCURRENT_REQUESTS,
				jitterMs: JITTER_MS,
				samples: [],
			},
		];

		const emulator = await startRemoteEmulator(LATENCY_MS);
		try {
			// Warm-up (JIT, module loading, first sockets), not counted.
			for (const entry of [
				cases[0],
				cases.find((c) => c.key === `sdk-${DEFAULT_MAX_CONCURRENT_REQUESTS}`)!,
			])
				await runCase(emulator, 200, entry);
			for (let run = 1; run <= runs; run++) {
				for (const entry of cases) {
					context.log(`throughput: run ${run}/${runs}, ${entry.key}`);
					entry.samples.push(await runCase(emulator, items, entry));
				}
			}
		} finally {
			await emulator.close();
		}

		const limitMs = (concurrency: number) => (items * LATENCY_MS) / concurrency;
		const wall = (entry: Case) => median(entry.samples.map((s) => s.wallMs));
		const sequential = wall(cases.find((c) => c.key === 'sdk-sequential')!);
		const nodeDefault = cases[0];
		const bestNode = cases
			.filter((c) => c.way === 'node')
			.reduce((best, c) => (wall(c) < wall(best) ? c : best));

		const label = (entry: Case) => {
			const jitter = entry.jitterMs ? `, latency ${LATENCY_MS} ± ${entry.jitterMs} ms` : '';
			if (entry.way === 'sdk')
				return (
					(entry.concurrency === 1 ? 'AWS SDK, sequential loop' : 'AWS SDK, Promise pool') + jitter
				);
			return (
				(entry.defaults ? 'our node, default options' : 'our node, Max Concurrent Requests set') +
				jitter
			);
		};
		const rows = cases.map((entry) => {
			const w = wall(entry);
			return [
				label(entry),
				String(entry.concurrency),
				spread(
					entry.samples.map((s) => s.wallMs),
					seconds,
				),
				(items / (w / 1000)).toFixed(0),
				seconds(limitMs(entry.concurrency)),
				`${(w / limitMs(entry.concurrency)).toFixed(2)}×`,
				`${(sequential / w).toFixed(1)}×`,
				median(entry.samples.map((s) => s.cpuUsPerItem)).toFixed(0),
			];
		});

		const defaultSpeedup = sequential / wall(nodeDefault);
		const defaultVsLimit = wall(nodeDefault) / limitMs(nodeDefault.concurrency);
		const bestVsLimit = wall(bestNode) / limitMs(bestNode.concurrency);
		const sdkAtDefault = wall(
			cases.find((c) => c.key === `sdk-${DEFAULT_MAX_CONCURRENT_REQUESTS}`)!,
		);
		const nodeJittered = wall(cases.find((c) => c.key === 'node-default-jitter')!);
		return {
			id: this.id,
			title: this.title,
			settings: {
				items,
				latencyMs: LATENCY_MS,
				jitterMs: JITTER_MS,
				runs,
				concurrencies,
				defaultConcurrency: DEFAULT_MAX_CONCURRENT_REQUESTS,
				emulator: 'child process',
			},
			table: {
				columns: [
					'way',
					'concurrency',
					'wall, median (min–max)',
					'items/s',
					'limit',
					'× limit',
					'× faster than SDK loop',
					'client CPU µs/item',
				],
				rows,
			},
			checks: [
				{
					target: `≥ 8× the sequential SDK loop at default settings (Max Concurrent Requests ${DEFAULT_MAX_CONCURRENT_REQUESTS})`,
					measured: `${fixed(1)(defaultSpeedup)}×`,
					met: defaultSpeedup >= 8,
				},
				{
					target: 'within 1.3× of the limit N × latency / concurrency, at default settings',
					measured: `${fixed(2)(defaultVsLimit)}× (SDK at the same concurrency: ${fixed(2)(sdkAtDefault / limitMs(DEFAULT_MAX_CONCURRENT_REQUESTS))}×)`,
					met: defaultVsLimit <= 1.3,
				},
			],
			notes: [
				`${items} items at ${LATENCY_MS} ms emulated latency, median of ${runs} runs; limit = ${items} × ${LATENCY_MS} ms / concurrency.`,
				`With latency spread over ${LATENCY_MS} ± ${JITTER_MS} ms (same mean) the node at default settings takes ${fixed(2)(nodeJittered / limitMs(DEFAULT_MAX_CONCURRENT_REQUESTS))}× the limit: a fixed latency answers its ${DEFAULT_MAX_CONCURRENT_REQUESTS} requests in lockstep, and n8n opens a new connection per request, so each burst of answers is handled one after another before the next requests leave.`,
				`Best concurrency for the node: ${bestNode.concurrency} (${seconds(wall(bestNode))}, ${fixed(2)(bestVsLimit)}× its limit, ${fixed(1)(sequential / wall(bestNode))}× the SDK loop).`,
				'Client CPU is this process only (user + system), the emulator runs in a child process.',
			],
			data: Object.fromEntries(
				cases.map((entry) => [
					entry.key,
					{ concurrency: entry.concurrency, samples: entry.samples },
				]),
			),
		};
	},
};
