/**
 * Modules loaded on first use, then kept. n8n loads every installed node and credential type when it starts,
 * in the main process and in every worker, and needs only their descriptions then: the request path
 * (transport, SigV4, STS, error mapping) and the trigger's receive loop wait until a workflow uses them,
 * which keeps that start cost low (bench/startupCost.ts). Kept, so a request made later — even while the
 * process winds down — does not load anything.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
	let loading: Promise<T> | undefined;
	return async () => await (loading ??= load());
}
