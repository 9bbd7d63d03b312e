/**
 * 7. Throughput where users run it: one real n8n (2.40.7, our packed package installed as a user installs
 * it) finishing callback steps three ways, each a workflow Webhook → Code (one item per token) → the
 * finishing node:
 * - our node, Send Step Success with default options, and with Max Concurrent Requests raised to 50;
 * - n8n's HTTP Request node (typeVersion 4.5) with n8n's built-in `aws` credential (predefined credential
 *   type), Content-Type application/x-amz-json-1.1, the X-Amz-Target header and the JSON body built by an
 *   expression: what a user does without this package;
 * - a No Operation node instead: n8n's own floor (webhook, Code node, execution, saving it).
 * For each setting (N = 200 and 1,000 items; emulator latency 0 and 25 ms) the three run alternately,
 * the order rotated every round, on fresh callback steps created the same way; median of the rounds.
 *
 * Measured per run: wall time of the webhook call (n8n answers once the workflow finished) → items/s; the
 * CPU of n8n's whole process group (main process + task runner, from /proc) from the call until n8n is
 * idle again (so saving the execution counts) → CPU per item; the most requests the emulator held at once.
 * Checked per run: the webhook answered 200, every token's step is Succeeded, and the emulator saw exactly
 * N SendPipelineExecutionStepSuccess requests, each answered 200 — so each one's SigV4 signature was
 * verified (the emulator checks it before anything else).
 *
 * The HTTP Request node has no SageMaker endpoint field in the `aws` credential, so its URL is the
 * emulator's; n8n's `aws` credential takes the signing name from the host unless the request carries a
 * `service` query parameter, so it carries `service=sagemaker` (sent, signed and ignored by the emulator,
 * as AWS would ignore it).
 *
 * Limits: one machine shared with other work (the load average is recorded with every run; ratios within
 * one alternating round are fairer than absolute figures); loopback HTTP without TLS; the emulator runs in
 * this process (its CPU is not n8n's); SQLite, regular mode, n8n's default execution saving.
 *
 * Profiling (opt-in): BENCH_N8N_CPU_PROFILE=<folder> runs n8n's main process under `--cpu-prof` (100 µs
 * sampling) and writes, beside the .cpuprofile, windows.json with the monotonic-clock window of every
 * run; `bench/profileSummary.ts <profile> 40 <items> <fromUs> <toUs>` then says where a window's CPU went.
 * BENCH_N8N_ENV='NAME=value,…' adds environment (e.g. N8N_EXPRESSION_ENGINE=legacy);
 * BENCH_N8N_CASES='node,http' runs only those cases; BENCH_N8N_SETTINGS='1000@25,200@0' only those
 * item counts @ latencies.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../nodes/AwsSageMakerPipelines/actions/common.descriptions';
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from '../tools/emulator';
import { emulatorN8nCredential } from '../tools/emulator/credential';
import {
	DEFAULT_N8N_VERSION,
	linearWorkflow,
	packPackage,
	sendStepSuccess,
	startN8n,
	webhookTrigger,
	type N8nInstance,
	type NodeSpec,
} from '../test/e2e/runner';
import { groupCpuMs, loadNow } from './lib/processGroupCpu';
import { median } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult, Check } from './lib/types';

const OUR_CREDENTIAL = { id: 'benchSageMaker01', name: 'Emulator (this package)' };
const AWS_CREDENTIAL = { id: 'benchAwsBuiltin1', name: 'Emulator (n8n AWS)' };
const OPERATION = 'SendPipelineExecutionStepSuccess';

type CaseKey = 'node' | 'node50' | 'http' | 'noop';
/** Max Concurrent Requests of the node50 case: what a user who raises the option gets. */
const RAISED_CONCURRENCY = 50;

interface CaseSpec {
	key: CaseKey;
	label: string;
	workflowId: string;
	path: string;
	finisher(emulator: Emulator): NodeSpec;
	/** finishes callback steps (checked), or only passes items through */
	finishesSteps: boolean;
}

const CASES: CaseSpec[] = [
	{
		key: 'node',
		label: `this node, default options (Max Concurrent Requests ${DEFAULT_MAX_CONCURRENT_REQUESTS})`,
		workflowId: 'benchN8nNode0001',
		path: 'bench-node',
		finisher: () => sendStepSuccess(OUR_CREDENTIAL),
		finishesSteps: true,
	},
	{
		key: 'node50',
		label: `this node, Max Concurrent Requests ${RAISED_CONCURRENCY}`,
		workflowId: 'benchN8nNode0050',
		path: 'bench-node-50',
		finisher: () =>
			sendStepSuccess(OUR_CREDENTIAL, { options: { maxConcurrentRequests: RAISED_CONCURRENCY } }),
		finishesSteps: true,
	},
	{
		key: 'http',
		label: "HTTP Request node 4.5 + n8n's `aws` credential",
		workflowId: 'benchN8nHttp0001',
		path: 'bench-http',
		finisher: (emulator) => ({
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.5,
			parameters: {
				method: 'POST',
				url: `${emulator.url}/`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'aws',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'service', value: 'sagemaker' }] },
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'X-Amz-Target', value: `SageMaker.${OPERATION}` }],
				},
				sendBody: true,
				contentType: 'raw',
				rawContentType: 'application/x-amz-json-1.1',
				body: '={{ JSON.stringify({ CallbackToken: $json.token, OutputParameters: [] }) }}',
				options: {},
			},
			credentials: { aws: AWS_CREDENTIAL },
		}),
		finishesSteps: true,
	},
	{
		key: 'noop',
		label: "No Operation node instead (n8n's floor)",
		workflowId: 'benchN8nNoop0001',
		path: 'bench-noop',
		finisher: () => ({
			name: 'No Operation',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			parameters: {},
		}),
		finishesSteps: false,
	},
];

const ONE_ITEM_PER_TOKEN: NodeSpec = {
	name: 'One Item Per Token',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		jsCode: 'return $input.first().json.body.tokens.map((token) => ({ json: { token } }));',
	},
};

interface Setting {
	items: number;
	latencyMs: number;
}

interface Sample {
	wallMs: number;
	itemsPerSecond: number;
	/** n8n's process group, call → idle again */
	cpuMsPerItem?: number;
	peakInFlight: number;
	load1m: number;
	/** CLOCK_MONOTONIC µs, the clock V8's profiler stamps its samples with */
	fromUs: number;
	toUs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Waits until n8n's process group has been idle (< 2 ms CPU per 100 ms) twice in a row, at most 10 s. */
async function settled(pid: number): Promise<number | undefined> {
	let last = groupCpuMs(pid);
	let quiet = 0;
	const deadline = Date.now() + 10_000;
	while (quiet < 2 && Date.now() < deadline) {
		await sleep(100);
		const now = groupCpuMs(pid);
		if (now === undefined || last === undefined) return undefined;
		quiet = now - last < 2 ? quiet + 1 : 0;
		last = now;
	}
	return last;
}

function checkRun(
	emulator: Emulator,
	spec: CaseSpec,
	tokens: string[],
	firstRequest: number,
	status: number,
	text: string,
): void {
	if (status !== 200) {
		const answers = emulator.requests
			.slice(firstRequest)
			.map((r) => `${r.operation} ${r.status} ${r.errorCode ?? ''}`);
		throw new Error(
			`${spec.key}: the webhook answered ${status}: ${text.slice(0, 500)}; the emulator answered: ${[...new Set(answers)].join(', ') || 'no request'}`,
		);
	}
	if (!spec.finishesSteps) return;
	const requests = emulator.requests.slice(firstRequest).filter((r) => r.operation === OPERATION);
	const refused = requests.filter((r) => r.status !== 200);
	if (refused.length) {
		throw new Error(
			`${spec.key}: ${refused.length} requests refused: ${[...new Set(refused.map((r) => `${r.status} ${r.errorCode}`))].join(', ')}`,
		);
	}
	if (requests.length !== tokens.length)
		throw new Error(
			`${spec.key}: ${requests.length} ${OPERATION} requests for ${tokens.length} tokens`,
		);
	const unfinished = tokens.filter(
		(token) => emulator.sageMaker.step(token)?.status !== 'Succeeded',
	);
	if (unfinished.length)
		throw new Error(`${spec.key}: ${unfinished.length} of ${tokens.length} steps not Succeeded`);
}

async function runOnce(
	emulator: Emulator,
	n8n: N8nInstance,
	spec: CaseSpec,
	items: number,
): Promise<Sample> {
	const tokens = Array.from(
		{ length: items },
		(_, i) => emulator.sageMaker.createCallbackStep({ pipelineName: `bench-${i % 50}` }).token,
	);
	const pid = n8n.processes[0].pid;
	const firstRequest = emulator.requests.length;
	await settled(pid);
	const { load1m } = loadNow();
	emulator.resetPeakInFlight();
	const cpuBefore = groupCpuMs(pid);
	const fromUs = monotonicUs();
	const started = performance.now();
	const reply = await n8n.callWebhook(spec.path, { tokens });
	const wallMs = performance.now() - started;
	const cpuAfter = await settled(pid);
	const toUs = monotonicUs();
	checkRun(emulator, spec, tokens, firstRequest, reply.status, reply.text);
	// The request log is the emulator's memory; this run's part has been checked.
	emulator.requests.splice(firstRequest);
	return {
		wallMs,
		itemsPerSecond: items / (wallMs / 1000),
		cpuMsPerItem:
			cpuBefore !== undefined && cpuAfter !== undefined
				? (cpuAfter - cpuBefore) / items
				: undefined,
		peakInFlight: emulator.requestsInFlight().peak,
		load1m,
		fromUs,
		toUs,
	};
}

/** BENCH_N8N_ENV='A=1,B=2' → { A: '1', B: '2' } */
function extraEnv(): Record<string, string> {
	const text = process.env.BENCH_N8N_ENV?.trim();
	if (!text) return {};
	return Object.fromEntries(
		text.split(',').map((pair) => {
			const at = pair.indexOf('=');
			if (at < 1) throw new Error(`BENCH_N8N_ENV: expected NAME=value, got "${pair}"`);
			return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
		}),
	);
}

const key = (setting: Setting, spec: CaseKey) => `${setting.items}@${setting.latencyMs}:${spec}`;
const fmt = (value: number | undefined, digits: number) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
const spreadOf = (values: number[], digits: number) =>
	values.length < 2
		? fmt(values[0], digits)
		: `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;

export const n8nThroughput: Benchmark = {
	id: 'n8nThroughput',
	title:
		'Real n8n: Send Step Success through this node vs the HTTP Request node vs a No Operation floor',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const chosen = process.env.BENCH_N8N_SETTINGS?.split(',').map((pair): Setting => {
			const [items, latencyMs] = pair.split('@').map(Number);
			return { items, latencyMs };
		});
		const settings: Setting[] =
			chosen ??
			(context.quick
				? [{ items: 200, latencyMs: 25 }]
				: [
						{ items: 200, latencyMs: 0 },
						{ items: 1000, latencyMs: 0 },
						{ items: 200, latencyMs: 25 },
						{ items: 1000, latencyMs: 25 },
					]);
		const rounds = Math.max(context.quick ? 1 : 3, context.runs);
		const only = process.env.BENCH_N8N_CASES?.split(',').map((s) => s.trim());
		const cases = CASES.filter((c) => !only || only.includes(c.key));
		const profileDir = process.env.BENCH_N8N_CPU_PROFILE
			? resolve(process.env.BENCH_N8N_CPU_PROFILE)
			: undefined;
		if (profileDir) mkdirSync(profileDir, { recursive: true });

		await context.builtPackage();
		const tarball = await packPackage({ build: false });
		const emulator = await startEmulator();
		let n8n: N8nInstance | undefined;
		const samples = new Map<string, Sample[]>();
		try {
			context.log(`n8nThroughput: starting n8n ${DEFAULT_N8N_VERSION} with the packed package`);
			n8n = await startN8n({
				tarball,
				credentials: [
					emulatorN8nCredential(emulator, OUR_CREDENTIAL),
					{
						...AWS_CREDENTIAL,
						type: 'aws',
						data: {
							region: EMULATOR_CREDENTIALS.region,
							accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
							secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
							temporaryCredentials: false,
						},
					},
				],
				workflows: cases.map((spec) =>
					linearWorkflow(spec.workflowId, `Bench: ${spec.label}`, [
						webhookTrigger(spec.path),
						ONE_ITEM_PER_TOKEN,
						spec.finisher(emulator),
					]),
				),
				activate: cases.map((spec) => spec.workflowId),
				env: extraEnv(),
				nodeArgs: profileDir
					? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=100']
					: undefined,
			});

			// Warm-up (n8n compiles code and opens its database paths on first use), not counted.
			emulator.setLatency(0);
			for (const spec of cases) await runOnce(emulator, n8n, spec, 50);

			for (const setting of settings) {
				emulator.setLatency(setting.latencyMs);
				for (let round = 0; round < rounds; round++) {
					// Rotate who goes first, so that a slow spell of the machine does not always fall on the same case.
					const order = cases.map((_, i) => cases[(i + round) % cases.length]);
					for (const spec of order) {
						context.log(
							`n8nThroughput: ${setting.items} items, ${setting.latencyMs} ms, round ${round + 1}/${rounds}, ${spec.key}`,
						);
						const sample = await runOnce(emulator, n8n, spec, setting.items);
						samples.set(key(setting, spec.key), [
							...(samples.get(key(setting, spec.key)) ?? []),
							sample,
						]);
					}
				}
			}
		} finally {
			await n8n?.stop();
			await emulator.close();
			rmSync(dirname(tarball), { recursive: true, force: true });
		}
		if (profileDir) {
			const windows = [...samples].map(([name, list]) => ({
				name,
				windows: list.map((s) => [s.fromUs, s.toUs]),
			}));
			writeFileSync(
				join(profileDir, 'windows.json'),
				JSON.stringify({ pid: n8n?.processes[0].pid, windows }, null, 1),
			);
		}

		const med = (setting: Setting, spec: CaseKey, pick: (s: Sample) => number | undefined) => {
			const values = (samples.get(key(setting, spec)) ?? [])
				.map(pick)
				.filter((v): v is number => v !== undefined);
			return values.length ? median(values) : undefined;
		};
		const rows: string[][] = [];
		for (const setting of settings) {
			const httpRate = med(setting, 'http', (s) => s.itemsPerSecond);
			const floorCpu = med(setting, 'noop', (s) => s.cpuMsPerItem);
			for (const spec of cases) {
				const list = samples.get(key(setting, spec.key)) ?? [];
				const rate = med(setting, spec.key, (s) => s.itemsPerSecond);
				const cpu = med(setting, spec.key, (s) => s.cpuMsPerItem);
				rows.push([
					`${setting.items}`,
					`${setting.latencyMs} ms`,
					spec.label,
					spreadOf(
						list.map((s) => s.itemsPerSecond),
						0,
					),
					spec.key === 'http' || httpRate === undefined || rate === undefined
						? ''
						: `${(rate / httpRate).toFixed(2)}×`,
					spreadOf(
						list.map((s) => s.cpuMsPerItem ?? Number.NaN),
						2,
					),
					spec.key === 'noop' || floorCpu === undefined || cpu === undefined
						? ''
						: (cpu - floorCpu).toFixed(2),
					spec.finishesSteps ? String(Math.max(...list.map((s) => s.peakInFlight))) : '',
					spreadOf(
						list.map((s) => s.load1m),
						1,
					),
				]);
			}
		}

		const goal = { items: 1000, latencyMs: 25 };
		const fast = { items: 1000, latencyMs: 0 };
		const ratio = (setting: Setting) => {
			const ours = med(setting, 'node', (s) => s.itemsPerSecond);
			const theirs = med(setting, 'http', (s) => s.itemsPerSecond);
			return ours !== undefined && theirs !== undefined ? ours / theirs : undefined;
		};
		const hasSetting = (setting: Setting) =>
			settings.some((s) => s.items === setting.items && s.latencyMs === setting.latencyMs);
		const checks: Check[] = [];
		if (hasSetting(goal)) {
			const r = ratio(goal);
			const cpu = med(goal, 'node', (s) => s.cpuMsPerItem);
			checks.push(
				{
					target: "1,000 items at 25 ms, default options: ≥ 2× the HTTP Request node's items/s",
					measured: `${fmt(r, 2)}×`,
					met: (r ?? 0) >= 2,
				},
				{
					target: '1,000 items at 25 ms, default options: ≤ 1.0 ms of n8n CPU per item',
					measured: `${fmt(cpu, 2)} ms`,
					met: (cpu ?? Infinity) <= 1,
				},
			);
		}
		if (hasSetting(fast)) {
			const r = ratio(fast);
			checks.push({
				target: "1,000 items at 0 ms: ≥ 4× the HTTP Request node's items/s",
				measured: `${fmt(r, 2)}×`,
				met: (r ?? 0) >= 4,
			});
		}

		return {
			id: this.id,
			title: this.title,
			settings: {
				n8n: DEFAULT_N8N_VERSION,
				workflow: 'Webhook → Code (one item per token) → finishing node',
				settings,
				rounds,
				cases: cases.map((c) => c.key),
				defaultMaxConcurrentRequests: DEFAULT_MAX_CONCURRENT_REQUESTS,
				emulator: 'in the bench process',
				n8nEnv: extraEnv(),
				n8nCpuProfile: profileDir !== undefined,
			},
			table: {
				columns: [
					'items',
					'latency',
					'finishing node',
					'items/s, median (min–max)',
					'× HTTP Request',
					'n8n CPU ms/item',
					'CPU ms/item above the floor',
					'peak in flight',
					'load average (1 min)',
				],
				rows,
			},
			checks,
			notes: [
				`One n8n ${DEFAULT_N8N_VERSION} instance, SQLite, regular mode; every workflow Webhook → Code (one item per token) → the finishing node; ${rounds} alternating rounds per setting (order rotated), fresh callback steps for every run; wall = webhook call → n8n's answer once the workflow finished.`,
				'n8n CPU = its whole process group (main process and task runner) from /proc, from the call until n8n was idle again (saving the execution included), divided by the items. "Above the floor" subtracts the No Operation workflow\'s CPU: what the finishing node costs.',
				'Every run checked: webhook 200, every step Succeeded, exactly one SendPipelineExecutionStepSuccess per token, each answered 200 by the emulator after it verified its SigV4 signature. Peak in flight: the most requests the emulator held at once.',
				`The HTTP Request node sends every item at once (no Batching set), which its peak in flight shows; this node keeps to Max Concurrent Requests (${DEFAULT_MAX_CONCURRENT_REQUESTS} by default).`,
				...(profileDir
					? [`CPU profile of n8n's main process and windows.json in ${profileDir}.`]
					: []),
			],
			data: Object.fromEntries(samples),
		};
	},
};
