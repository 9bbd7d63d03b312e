/** What every benchmark module exports and returns, so run.ts can run them side by side. */

export interface BenchContext {
	/** Repetitions for medians (each benchmark has its own minimum). */
	runs: number;
	/** Fewer items and runs: a smoke check that everything works, not figures to publish. */
	quick: boolean;
	/** Progress to stderr; results go in the returned table. */
	log(message: string): void;
	/**
	 * The package as npm would publish it (package.json, dist/…), built once per bench run (unless
	 * --no-build) and copied aside so other work rebuilding dist/ cannot disturb it; returns its folder.
	 */
	builtPackage(): Promise<string>;
}

export interface Table {
	columns: string[];
	rows: string[][];
}

/** A target from issue 7: reported, never failed on. */
export interface Check {
	target: string;
	measured: string;
	met: boolean;
}

export interface BenchmarkResult {
	id: string;
	title: string;
	/** What was run: item counts, latency, repetitions… */
	settings: Record<string, unknown>;
	table: Table;
	checks: Check[];
	notes: string[];
	/** When a result in latest.json was measured (results of several runs are merged there). */
	measured?: { measuredAt: string; commit: string; loadAverageAtStart: number[] };
	/** The raw figures (every run), for whoever reads the JSON. */
	data: Record<string, unknown>;
}

export interface Benchmark {
	id: string;
	title: string;
	/** Not runnable yet (a hook for later work); run.ts lists it but skips it unless named. */
	pending?: boolean;
	run(context: BenchContext): Promise<BenchmarkResult>;
}
