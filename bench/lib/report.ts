/** The printed report, in markdown (bench/docs.ts builds docs/benchmarks.md from the same pieces), and the results file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describeMachine, REPO_ROOT, type MachineInfo, type RunInfo } from './machine';
import type { BenchmarkResult, Table } from './types';

export interface ResultsFile {
	machine: MachineInfo;
	run: RunInfo & { benchmarks: string[]; quick: boolean; durationSeconds: number };
	results: BenchmarkResult[];
}

export function markdownTable(table: Table): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${table.columns.map(escape).join(' | ')} |`,
		`|${table.columns.map(() => '---').join('|')}|`,
		...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
	].join('\n');
}

export function formatReport(file: ResultsFile): string {
	const parts = [
		`Machine: ${describeMachine(file.machine)}`,
		`Commit ${file.run.commit.slice(0, 12)}${file.run.dirty ? ' (with uncommitted changes)' : ''}, ${file.run.date}${file.run.quick ? ', QUICK run (not for publishing)' : ''}`,
	];
	const busiest = Math.max(
		file.machine.loadAverageAtStart[0],
		...file.results.map((result) => loadDuring(result)?.end ?? 0),
	);
	if (busiest > file.machine.cores) parts.push(busyMachine(busiest, file.machine.cores));
	for (const result of file.results) parts.push('', ...formatResult(result));
	parts.push(...formatTargets(file.results));
	return parts.join('\n');
}

/** The 1-minute load average at the start and end of one benchmark, which run.ts records in its settings. */
export function loadDuring(result: BenchmarkResult): { start: number; end: number } | undefined {
	return result.settings.loadAverage1m as { start: number; end: number } | undefined;
}

export function busyMachine(loadAverage: number, cores: number): string {
	return `**Busy machine: the 1-minute load average reached ${loadAverage} on ${cores} cores during this run. Wall times (throughput, startup) are stretched by other work; CPU figures, sizes and memory hold better.**`;
}

/** One benchmark's section: heading, lines to put before its table (when and where it was measured), table, load, notes. */
export function formatResult(result: BenchmarkResult, preface: string[] = []): string[] {
	const load = loadDuring(result);
	const parts = [
		`### ${result.title}`,
		'',
		...preface,
		...(preface.length ? [''] : []),
		markdownTable(result.table),
	];
	if (load)
		parts.push(
			'',
			`Load average (1 min) on the machine: ${load.start} at the start, ${load.end} at the end.`,
		);
	if (result.notes.length) parts.push('', ...result.notes.map((note) => `- ${note}`));
	return parts;
}

/** The targets of every result in one table (empty when none has any), headed as its own section. */
export function formatTargets(results: BenchmarkResult[]): string[] {
	const checks = results.flatMap((result) =>
		result.checks.map((check) => [
			result.id,
			check.target,
			check.measured,
			check.met ? 'met' : 'MISSED',
		]),
	);
	if (!checks.length) return [];
	return [
		'',
		'### Targets (reported, never failed on)',
		'',
		markdownTable({ columns: ['benchmark', 'target', 'measured', ''], rows: checks }),
	];
}

/**
 * Writes bench/results/<date>.json, and latest.json when asked (not for --quick runs). A run of only some
 * benchmarks replaces their entries in latest.json and keeps the others, each result saying when and on
 * which commit it was measured. Returns the paths written.
 */
export function saveResults(file: ResultsFile, asLatest: boolean): string[] {
	const folder = join(REPO_ROOT, 'bench', 'results');
	mkdirSync(folder, { recursive: true });
	const text = `${JSON.stringify(file, null, '\t')}\n`;
	const dated = join(folder, `${file.run.date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(dated, text);
	const written = [dated];
	if (asLatest) {
		const latest = join(folder, 'latest.json');
		const stamp = {
			measuredAt: file.run.date,
			commit: file.run.commit,
			loadAverageAtStart: file.machine.loadAverageAtStart,
		};
		const fresh = file.results.map((result) => ({ ...result, measured: stamp }));
		let merged: ResultsFile = { ...file, results: fresh };
		if (existsSync(latest)) {
			const previous = JSON.parse(readFileSync(latest, 'utf8')) as ResultsFile;
			const replaced = new Set(fresh.map((result) => result.id));
			const before = {
				measuredAt: previous.run.date,
				commit: previous.run.commit,
				loadAverageAtStart: previous.machine.loadAverageAtStart,
			};
			const kept = previous.results
				.filter((result) => !replaced.has(result.id))
				.map((result) => ({ measured: before, ...result }));
			if (kept.length) {
				merged = {
					...file,
					run: {
						...file.run,
						benchmarks: [
							...previous.run.benchmarks.filter((id) => !replaced.has(id)),
							...file.run.benchmarks,
						],
					},
					results: [...fresh, ...kept],
				};
			}
		}
		writeFileSync(latest, `${JSON.stringify(merged, null, '\t')}\n`);
		written.push(latest);
	}
	return written;
}
