/**
 * docs/benchmarks.md is the one home of the measured figures, made by `npm run bench:docs` from
 * bench/results/latest.json and bench/benchmarks.template.md. A hand edit of a figure, or a results file
 * committed without the page made again, fails here.
 */
import { readFileSync } from 'node:fs';

import {
	benchmarksDoc,
	DOC_PATH,
	LATEST_PATH,
	renderBenchmarksDoc,
	RESULTS_MARKER,
} from '../../bench/docs';
import type { ResultsFile } from '../../bench/lib/report';

test('docs/benchmarks.md is exactly what `npm run bench:docs` makes from bench/results/latest.json', () => {
	// Compared as text, so a failure shows the lines that differ; the fix is `npm run bench:docs`.
	expect(readFileSync(DOC_PATH, 'utf8')).toBe(benchmarksDoc());
});

test('every result and every target of latest.json is on the page, with when and on which commit it was measured', () => {
	const latest = JSON.parse(readFileSync(LATEST_PATH, 'utf8')) as ResultsFile;
	const page = readFileSync(DOC_PATH, 'utf8');
	const cells = (values: string[]) =>
		`| ${values.map((value) => value.replace(/\|/g, '\\|')).join(' | ')} |`;
	expect(latest.results.length).toBeGreaterThan(0);
	for (const result of latest.results) {
		expect(page).toContain(
			`### ${result.title}\n\nMeasured ${result.measured!.measuredAt.slice(0, 10)}`,
		);
		for (const row of result.table.rows) expect(page).toContain(cells(row));
		for (const check of result.checks)
			expect(page).toContain(
				cells([result.id, check.target, check.measured, check.met ? 'met' : 'MISSED']),
			);
	}
});

test('the template must hold the results marker exactly once', () => {
	const latest = {
		machine: {
			cpuModel: 'x',
			cores: 2,
			memoryBytes: 0,
			os: 'linux',
			node: 'v20',
			loadAverageAtStart: [0],
		},
		run: {
			date: '2026-01-01T00:00:00.000Z',
			commit: 'abc',
			dirty: false,
			versions: {},
			benchmarks: [],
			quick: false,
			durationSeconds: 1,
		},
		results: [],
	} as ResultsFile;
	expect(() => renderBenchmarksDoc('# Benchmarks\nno marker\n', latest)).toThrow(RESULTS_MARKER);
	expect(() => renderBenchmarksDoc(`${RESULTS_MARKER}\n${RESULTS_MARKER}\n`, latest)).toThrow(
		RESULTS_MARKER,
	);
	expect(renderBenchmarksDoc(`# Benchmarks\n${RESULTS_MARKER}\nend\n`, latest)).toContain(
		'Machine: x, 2 cores',
	);
});
