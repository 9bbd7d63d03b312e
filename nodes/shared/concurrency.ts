/**
 * Runs one async task per item with at most `limit` in flight, results in input order.
 * When a task throws and the caller does not continue on failure, nothing new is started,
 * the tasks already in flight are allowed to finish (their AWS calls may have taken effect),
 * and then the first error is thrown.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let firstError: { error: unknown } | undefined;

	async function worker(): Promise<void> {
		while (firstError === undefined && next < inputs.length) {
			const index = next++;
			try {
				results[index] = await task(inputs[index], index);
			} catch (error) {
				firstError ??= { error };
			}
		}
	}

	const workers = Array.from(
		{ length: Math.max(1, Math.min(limit, inputs.length)) },
		async () => await worker(),
	);
	await Promise.all(workers);
	if (firstError) throw firstError.error;
	return results;
}
