/** The printed report (markdown, so docs/benchmarks.md can take it as it is) and the results file. */
import { mkdirSync, writeFileSync } from 'node:fs';
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
		...file.results.map((result) => (result.settings.loadAverage1m as { end?: number } | undefined)?.end ?? 0),
	);
	if (busiest > file.machine.cores) {
		parts.push(
			`**Busy machine: the 1-minute load average reached ${busiest} on ${file.machine.cores} cores during this run. Wall times (throughput, startup) are stretched by other work; CPU figures, sizes and memory hold better.**`,
		);
	}
	for (const result of file.results) {
		const load = result.settings.loadAverage1m as { start: number; end: number } | undefined;
		parts.push('', `### ${result.title}`, '', markdownTable(result.table));
		if (load) parts.push('', `Load average (1 min) on the machine: ${load.start} at the start, ${load.end} at the end.`);
		if (result.notes.length) parts.push('', ...result.notes.map((note) => `- ${note}`));
	}
	const checks = file.results.flatMap((result) => result.checks.map((check) => [result.id, check.target, check.measured, check.met ? 'met' : 'MISSED']));
	if (checks.length) {
		parts.push('', '### Targets (reported, never failed on)', '', markdownTable({ columns: ['benchmark', 'target', 'measured', ''], rows: checks }));
	}
	return parts.join('\n');
}

/** Writes bench/results/<date>.json, and latest.json when asked (full runs only). Returns the paths written. */
export function saveResults(file: ResultsFile, asLatest: boolean): string[] {
	const folder = join(REPO_ROOT, 'bench', 'results');
	mkdirSync(folder, { recursive: true });
	const text = `${JSON.stringify(file, null, '\t')}\n`;
	const dated = join(folder, `${file.run.date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(dated, text);
	const written = [dated];
	if (asLatest) {
		const latest = join(folder, 'latest.json');
		writeFileSync(latest, text);
		written.push(latest);
	}
	return written;
}
