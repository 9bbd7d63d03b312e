/**
 * Queue mode vs one n8n process, on the same machine: drain time and throughput for N callback messages queued at
 * once (default 500, none failing), and the CPU each n8n process spent on them.
 *
 * `npx ts-node --transpile-only bench/queueMode.ts [--messages=500] [--runs=1] [--workers=2] [--database=postgres]`
 * (also exported as a Benchmark for bench/run.ts). Each run starts its own n8n — regular: one `n8n start`;
 * queue: Redis, a main with EXECUTIONS_MODE=queue and `--workers` `n8n worker` processes (concurrency 10 each) —
 * with the packed package installed, imports test/queue's callback workflow (trigger Max Concurrent Executions 40),
 * waits until everything is ready, queues the messages and times the drain from the first message until every
 * step succeeded and the queue is empty. The emulator runs in this process (Node 20). The database is the
 * runner's SQLite unless `--database=postgres` (a throwaway local PostgreSQL for each run, both setups).
 *
 * Reports; never fails on speed. CPU is read from /proc (utime + stime of every process in each n8n process
 * group, so a worker's task runner counts with it), so it needs Linux.
 */
import './lib/env';

import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname } from 'node:path';

import { startEmulator } from '../tools/emulator';
import { ensureN8n, log, packPackage, type ManagedProcess } from '../test/e2e/runner';
import { callbackWorkflow, emulatorCredential } from '../test/queue/callbackWorkflow';
import { startCluster, type Cluster } from '../test/queue/cluster';
import { queueCallbackSteps, waitForDrain } from '../test/queue/load';
import { describeMachine, machineInfo } from './lib/machine';
import { markdownTable } from './lib/report';
import { fixed, median, percentile, spread } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';

const WORKFLOW_ID = 'benchQueueMode01';
const MAX_CONCURRENT_EXECUTIONS = 40;
const WORKER_CONCURRENCY = 10;
const CLOCK_TICKS_PER_SECOND = 100;
/** The trigger's default. */
const VISIBILITY_TIMEOUT = 60;

interface Settings {
	messages: number;
	runs: number;
	workers: number;
	database: 'sqlite' | 'postgres';
}

interface Sample {
	mode: 'regular' | 'queue';
	/** Until every step finished and the queue was empty. */
	drainSeconds: number;
	/** Until 95 % of the steps finished, and the rate up to then: the drain without its tail of redeliveries. */
	p95Seconds: number;
	p95PerSecond: number;
	/** CPU seconds during the drain: the main process, and every worker together. */
	mainCpuSeconds: number;
	workerCpuSeconds: number;
	/** This process: the emulator and the watch. */
	emulatorCpuSeconds: number;
	/** Executions each worker ran (queue mode). */
	perWorker: number[];
	/** Messages the trigger handed back because n8n could not start their execution (they come back after the visibility timeout). */
	handedBack: number;
	/** Executions whose run n8n never handed to the trigger (see executionOutcome.ts). */
	lostRuns: number;
	/** Executions that failed, by n8n's error message (their messages came back after the visibility timeout). */
	failures: Record<string, number>;
}

async function measure(
	mode: Sample['mode'],
	tarball: string,
	settings: Settings,
	say: (line: string) => void,
): Promise<Sample> {
	const emulator = await startEmulator();
	let cluster: Cluster | undefined;
	try {
		const queueUrl = emulator.sqs.createQueue('bench-queue-mode');
		cluster = await startCluster({
			mode,
			tarball,
			credentials: [emulatorCredential(emulator)],
			workflows: [
				callbackWorkflow(WORKFLOW_ID, queueUrl, {
					maxConcurrentExecutions: MAX_CONCURRENT_EXECUTIONS,
					visibilityTimeout: VISIBILITY_TIMEOUT,
				}),
			],
			activate: [WORKFLOW_ID],
			workers: settings.workers,
			workerConcurrency: WORKER_CONCURRENCY,
			fastStallDetection: false,
			database: settings.database,
		});
		const [main, ...workers] = cluster.n8n.processes;
		const before = cpuOf(cluster.n8n.processes);
		const ownBefore = process.cpuUsage();
		const since = Date.now();
		const steps = queueCallbackSteps(emulator, queueUrl, settings.messages);
		const drain = await waitForDrain(
			emulator,
			queueUrl,
			steps.map((step) => step.token),
			{ since, timeoutMs: 15 * 60_000 },
		);
		const after = cpuOf(cluster.n8n.processes);
		const own = process.cpuUsage(ownBefore);
		const once = steps.every((step) => emulator.sageMaker.step(step.token)?.completions === 1);
		if (!once) throw new Error(`${mode}: not every step was finished exactly once`);
		const p95Seconds = percentile(drain.completionMs, 95) / 1000;
		const sample: Sample = {
			mode,
			drainSeconds: drain.drainMs / 1000,
			p95Seconds,
			p95PerSecond: (0.95 * settings.messages) / p95Seconds,
			mainCpuSeconds: after.get(main.pid)! - before.get(main.pid)!,
			workerCpuSeconds: workers.reduce(
				(sum, worker) => sum + after.get(worker.pid)! - before.get(worker.pid)!,
				0,
			),
			emulatorCpuSeconds: (own.user + own.system) / 1e6,
			perWorker: cluster.workerCounts().map((counts) => counts.finished.length),
			handedBack: cluster.n8n.logs().match(/could not run: /g)?.length ?? 0,
			lostRuns: cluster.n8n.logs().match(/ended, but not how/g)?.length ?? 0,
			failures: await failuresOf(cluster),
		};
		say(
			`${mode}: 95 % of ${settings.messages} steps finished after ${p95Seconds.toFixed(1)} s (${sample.p95PerSecond.toFixed(1)}/s), all drained after ${sample.drainSeconds.toFixed(1)} s; ` +
				`CPU main ${sample.mainCpuSeconds.toFixed(1)} s, workers ${sample.workerCpuSeconds.toFixed(1)} s; handed back ${sample.handedBack}, runs lost by n8n ${sample.lostRuns}, ` +
				`failed executions ${JSON.stringify(sample.failures)}`,
		);
		return sample;
	} finally {
		await cluster?.stop();
		await emulator.close();
	}
}

async function failuresOf(cluster: Cluster): Promise<Record<string, number>> {
	const failed = await cluster.n8n.api.listExecutions({
		workflowId: WORKFLOW_ID,
		status: 'error',
		includeData: true,
		limit: 250,
	});
	const counts: Record<string, number> = {};
	for (const execution of failed) {
		const message = execution.data?.resultData.error?.message ?? 'no message';
		counts[message] = (counts[message] ?? 0) + 1;
	}
	return counts;
}

/** CPU seconds so far of each process group led by one of `leaders` (the runner starts every n8n as a group). */
function cpuOf(leaders: ManagedProcess[]): Map<number, number> {
	const totals = new Map(leaders.map((leader) => [leader.pid, 0]));
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// Fields after the parenthesised command name: state(3) ppid(4) pgrp(5) … utime(14) stime(15).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const group = Number(fields[2]);
		if (!totals.has(group)) continue;
		totals.set(
			group,
			totals.get(group)! + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
		);
	}
	return totals;
}

function report(samples: Sample[], settings: Settings, loadStart: number): BenchmarkResult {
	const rows = (['regular', 'queue'] as const).map((mode) => {
		const of = samples.filter((sample) => sample.mode === mode);
		const pick = (get: (sample: Sample) => number) => of.map(get);
		const cpuPerExecution = (sample: Sample) =>
			((sample.mainCpuSeconds + sample.workerCpuSeconds) * 1000) / settings.messages;
		return [
			mode === 'regular'
				? 'one n8n process (regular)'
				: `queue: main + ${settings.workers} workers + Redis`,
			spread(
				pick((s) => s.p95Seconds),
				fixed(1),
			),
			spread(
				pick((s) => s.p95PerSecond),
				fixed(1),
			),
			spread(
				pick((s) => s.drainSeconds),
				fixed(1),
			),
			spread(
				pick((s) => (s.mainCpuSeconds * 1000) / settings.messages),
				fixed(0),
			),
			mode === 'queue'
				? spread(
						pick((s) => (s.workerCpuSeconds * 1000) / settings.messages),
						fixed(0),
					)
				: '—',
			spread(pick(cpuPerExecution), fixed(0)),
			mode === 'queue' ? of.map((s) => s.perWorker.join(' / ')).join('; ') : '—',
			of
				.map(
					(s) =>
						`${s.handedBack} / ${s.lostRuns} / ${Object.values(s.failures).reduce((sum, count) => sum + count, 0)}`,
				)
				.join(', '),
		];
	});
	const regular = median(samples.filter((s) => s.mode === 'regular').map((s) => s.p95PerSecond));
	const queue = median(samples.filter((s) => s.mode === 'queue').map((s) => s.p95PerSecond));
	return {
		id: 'queueMode',
		title: `Queue mode vs one process: ${settings.messages} callback messages queued at once (real n8n 2.40.7, ${settings.database === 'postgres' ? 'PostgreSQL' : 'SQLite'})`,
		settings: {
			...settings,
			maxConcurrentExecutions: MAX_CONCURRENT_EXECUTIONS,
			workerConcurrency: WORKER_CONCURRENCY,
			loadAverage1m: { start: loadStart, end: Number(loadavg()[0].toFixed(2)) },
		},
		table: {
			columns: [
				'setup',
				'95 % of steps finished (s)',
				'messages/s (to 95 %)',
				'all drained (s)',
				'main CPU per execution (ms)',
				'worker CPU per execution (ms)',
				'n8n CPU per execution (ms)',
				'executions per worker',
				'handed back / runs lost by n8n / failed executions',
			],
			rows,
		},
		checks: [],
		notes: [
			`Queue mode ran ${(queue / regular).toFixed(2)}× the single process's throughput up to 95 % (medians).`,
			'Times run from queueing the first message; "all drained": every step succeeded and the SQS queue was empty. Each step was finished exactly once in every run.',
			`A message is handed back when n8n refuses to start its execution (SQLite busy, with three processes on one SQLite file); it and the messages of failed executions come back after the visibility timeout (${VISIBILITY_TIMEOUT} s): the tail between 95 % and all drained.`,
			'CPU: utime + stime from /proc over the drain, per n8n process group (the task runner counts with its n8n).',
			`Failed executions, by n8n's message: ${failureSummary(samples)}.`,
		],
		data: { samples },
	};
}

function failureSummary(samples: Sample[]): string {
	const total: Record<string, number> = {};
	for (const sample of samples)
		for (const [message, count] of Object.entries(sample.failures))
			total[`${sample.mode}: ${message}`] = (total[`${sample.mode}: ${message}`] ?? 0) + count;
	const entries = Object.entries(total);
	return entries.length
		? entries.map(([message, count]) => `${count} × ${message}`).join('; ')
		: 'none';
}

export const queueMode: Benchmark = {
	id: 'queueMode',
	title: 'Queue mode (Redis + workers) vs one n8n process',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const settings: Settings = {
			messages: context.quick ? 100 : 500,
			runs: Math.max(1, context.runs || 1),
			workers: 2,
			database: 'sqlite',
		};
		return await runBenchmark(settings, context.log);
	},
};

async function runBenchmark(
	settings: Settings,
	say: (line: string) => void,
): Promise<BenchmarkResult> {
	const loadStart = Number(loadavg()[0].toFixed(2));
	await ensureN8n();
	const packed = process.env.N8N_E2E_TARBALL ? undefined : await packPackage();
	const tarball = process.env.N8N_E2E_TARBALL ?? packed!;
	const samples: Sample[] = [];
	try {
		// Alternating, so a change in the machine's load hits both setups alike.
		for (let run = 0; run < settings.runs; run++) {
			samples.push(await measure('regular', tarball, settings, say));
			samples.push(await measure('queue', tarball, settings, say));
		}
	} finally {
		if (packed) rmSync(dirname(packed), { recursive: true, force: true });
	}
	return report(samples, settings, loadStart);
}

function option(name: string, fallback: number): number {
	const given = process.argv.find((argument) => argument.startsWith(`--${name}=`));
	const value = given ? Number(given.slice(name.length + 3)) : fallback;
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`--${name} takes a positive whole number`);
	return value;
}

if (require.main === module) {
	const database = process.argv.includes('--database=postgres') ? 'postgres' : 'sqlite';
	const settings: Settings = {
		messages: option('messages', 500),
		runs: option('runs', 1),
		workers: option('workers', 2),
		database,
	};
	runBenchmark(settings, (line) => log(`[bench] ${line}`)).then(
		(result) => {
			console.log(
				`Machine: ${describeMachine(machineInfo())}\n\n### ${result.title}\n\n${markdownTable(result.table)}\n`,
			);
			for (const note of [
				...result.notes,
				`Load average (1 min): ${JSON.stringify(result.settings.loadAverage1m)}`,
			])
				console.log(`- ${note}`);
			process.exit(0);
		},
		(error: Error) => {
			console.error(`queueMode benchmark failed: ${error.stack ?? error.message}`);
			process.exit(1);
		},
	);
}
