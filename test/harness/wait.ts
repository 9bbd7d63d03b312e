/**
 * The one way a test waits: poll a condition on what a user could look at (emulator state, n8n's log, posts a
 * workflow made, n8n's REST API) and fail naming it when it does not hold in time. Conditions are cheap reads, so polling every
 * 20 ms costs nothing and keeps the tests quick.
 */
export async function until(
	condition: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 15_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
		await delay(20);
	}
}

/** A fixed pause, for the cases where the point is that something does NOT happen meanwhile. */
export async function delay(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}
