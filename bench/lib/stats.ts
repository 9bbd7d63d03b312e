/** Small statistics and number formatting shared by the benchmarks. */

export function median(values: readonly number[]): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile, p in 0..100. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** "median (min–max)" with the given formatter. */
export function spread(values: readonly number[], format: (value: number) => string): string {
	if (values.length < 2) return format(median(values));
	return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

export const fixed = (digits: number) => (value: number) => value.toFixed(digits);

/** SI units, as npm prints sizes: 1 kB = 1000 B. */
export function bytes(value: number): string {
	const abs = Math.abs(value);
	if (abs >= 1e6) return `${(value / 1e6).toFixed(2)} MB`;
	if (abs >= 1e3) return `${(value / 1e3).toFixed(1)} kB`;
	return `${Math.round(value)} B`;
}

export function seconds(ms: number): string {
	return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function millis(ms: number): string {
	return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}
