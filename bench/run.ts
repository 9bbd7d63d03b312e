/**
 * `npm run bench [-- <benchmark>…] [--runs=N] [--quick] [--no-build] [--no-save] [--list]`
 *
 * Runs the benchmarks of issue 7 one after another in one process (each starts what it needs:
 * the emulator in a child process, fresh Node processes, npm), prints one markdown table per
 * benchmark and the targets, and writes bench/results/<date>.json. A run of every benchmark
 * (not --quick) also writes bench/results/latest.json, the only results file committed; a full
 * (not --quick) run of some benchmarks replaces their entries in latest.json and keeps the others,
 * and then docs/benchmarks.md is written again from latest.json (bench/docs.ts).
 *
 * Benchmarks report; they never fail on speed. The exit code is non-zero only when a benchmark
 * could not run (the build failed, the emulator did not finish every callback step, …).
 */
import './lib/env';
import './lib/preferTs';

import { loadavg } from 'node:os';

import { cpuPerCall } from './cpuPerCall';
import { writeBenchmarksDoc } from './docs';
import { machineInfo, runInfo } from './lib/machine';
import { formatReport, saveResults, type ResultsFile } from './lib/report';
import { snapshotPackage } from './lib/snapshot';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';
import { memory } from './memory';
import { n8nThroughput } from './n8nThroughput';
import { size } from './size';
import { startupCost } from './startupCost';
import { throughput } from './throughput';
import { triggerLatency } from './triggerLatency';

export const BENCHMARKS: Benchmark[] = [
	n8nThroughput,
	throughput,
	cpuPerCall,
	startupCost,
	size,
	memory,
	triggerLatency,
];

interface Options {
	names: string[];
	runs: number;
	quick: boolean;
	build: boolean;
	save: boolean;
	list: boolean;
}

function parseArguments(argv: string[]): Options {
	const options: Options = {
		names: [],
		runs: 0,
		quick: false,
		build: true,
		save: true,
		list: false,
	};
	for (const argument of argv) {
		if (argument === '--quick') options.quick = true;
		else if (argument === '--no-build') options.build = false;
		else if (argument === '--no-save') options.save = false;
		else if (argument === '--list') options.list = true;
		else if (argument.startsWith('--runs='))
			options.runs = Number(argument.slice('--runs='.length));
		else if (argument.startsWith('-')) throw new Error(`unknown option ${argument}`);
		else options.names.push(argument);
	}
	if (!Number.isInteger(options.runs) || options.runs < 0)
		throw new Error('--runs takes a whole number');
	return options;
}

async function main(): Promise<void> {
	const options = parseArguments(process.argv.slice(2));
	if (options.list) {
		for (const benchmark of BENCHMARKS)
			console.log(
				`${benchmark.id.padEnd(16)} ${benchmark.title}${benchmark.pending ? ' (pending)' : ''}`,
			);
		return;
	}
	const unknown = options.names.filter((name) => !BENCHMARKS.some((b) => b.id === name));
	if (unknown.length)
		throw new Error(
			`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`,
		);
	const selected = options.names.length
		? BENCHMARKS.filter((b) => options.names.includes(b.id))
		: BENCHMARKS.filter((b) => !b.pending);

	let built: Promise<string> | undefined;
	const context: BenchContext = {
		runs: options.runs,
		quick: options.quick,
		log: (message) => process.stderr.write(`[bench] ${message}\n`),
		builtPackage() {
			built ??= snapshotPackage({ build: options.build, log: context.log });
			return built;
		},
	};

	const machine = machineInfo();
	const info = runInfo();
	const startedAt = performance.now();
	const results: BenchmarkResult[] = [];
	for (const benchmark of selected) {
		context.log(`${benchmark.id}: ${benchmark.title}`);
		const loadAtStart = loadavg()[0];
		const result = await benchmark.run(context);
		// Other work on the machine stretches wall times; say how busy it was while this one ran.
		result.settings.loadAverage1m = {
			start: Number(loadAtStart.toFixed(2)),
			end: Number(loadavg()[0].toFixed(2)),
		};
		results.push(result);
	}
	const file: ResultsFile = {
		machine,
		run: {
			...info,
			benchmarks: selected.map((b) => b.id),
			quick: options.quick,
			durationSeconds: Math.round((performance.now() - startedAt) / 1000),
		},
		results,
	};
	console.log(formatReport(file));
	if (options.save) {
		for (const path of saveResults(file, !options.quick)) context.log(`wrote ${path}`);
		// docs/benchmarks.md is made from latest.json only, so it follows every run that wrote latest.json.
		if (!options.quick) context.log(`wrote ${writeBenchmarksDoc()}`);
	}
}

main().then(
	// The SDK's and n8n's sockets and timers may linger; the run is over.
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
