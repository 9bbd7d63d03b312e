/**
 * One attempt's abort signal: it fires when the whole answer has not arrived within the attempt's deadline,
 * or when the caller cancels (a trigger closing, an n8n execution being cancelled).
 *
 * Why not n8n's `timeout` alone: axios applies it to silence on the socket, so a server that sends one byte
 * a second holds a request for ever. Why not AbortSignal.any: on Node 20 it keeps every combined signal
 * alive as long as its long-lived parent (the trigger's, the execution's), so listeners are added and
 * removed by hand here. The deadline is AbortSignal.timeout, whose timer is the runtime's (nodes may not
 * start timers).
 *
 * n8n 2.x's httpRequestWithAuthentication replaces a request's abortSignal with the execution's cancel
 * signal when the calling context has one; `withCancelSignal` hands n8n this signal (which includes the
 * execution's) in its place. `race` stops waiting when the signal fires even where an n8n version does
 * not pass the signal on to the request.
 */

interface CancellableCaller {
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/** The execution's cancel signal, where the n8n context has one (node executions). */
export function callerCancelSignal(caller: object): AbortSignal | undefined {
	const getter = (caller as CancellableCaller).getExecutionCancelSignal;
	return typeof getter === 'function' ? getter.call(caller) : undefined;
}

/** The caller as n8n's request helper sees it, with `signal` as the execution's cancel signal. */
export function withCancelSignal<T extends object>(caller: T, signal: AbortSignal): T {
	if (!('getExecutionCancelSignal' in caller)) return caller;
	return Object.create(caller, { getExecutionCancelSignal: { value: () => signal } }) as T;
}

export class AttemptSignal {
	private readonly controller = new AbortController();
	private readonly deadline: AbortSignal;
	private readonly sources: AbortSignal[];
	private readonly onAbort = (event: Event) => {
		if (event.target === this.deadline) this.timedOut = true;
		this.controller.abort();
	};

	/** true once the deadline, not the caller, ended the attempt */
	timedOut = false;

	constructor(timeoutMs: number, parents: Array<AbortSignal | undefined>) {
		this.deadline = AbortSignal.timeout(timeoutMs);
		this.sources = [this.deadline, ...parents.filter((parent): parent is AbortSignal => parent !== undefined)];
		for (const source of this.sources) {
			if (source.aborted) this.controller.abort();
			else source.addEventListener('abort', this.onAbort, { once: true });
		}
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	/** Settles like `request`, or rejects as soon as the signal fires. */
	async race<T>(request: Promise<T>): Promise<T> {
		const { signal } = this;
		if (signal.aborted) {
			request.catch(() => undefined);
			throw new AttemptAborted();
		}
		let stop: () => void = () => undefined;
		const aborted = new Promise<never>((_, reject) => {
			stop = () => reject(new AttemptAborted());
			signal.addEventListener('abort', stop, { once: true });
		});
		try {
			return await Promise.race([request, aborted]);
		} finally {
			signal.removeEventListener('abort', stop);
			// The loser must not become an unhandled rejection.
			request.catch(() => undefined);
			aborted.catch(() => undefined);
		}
	}

	dispose(): void {
		for (const source of this.sources) source.removeEventListener('abort', this.onAbort);
	}
}

/** What `race` rejects with; the transport tells a deadline from a cancellation by `timedOut`. */
export class AttemptAborted extends Error {
	constructor() {
		super('The request was aborted');
		this.name = 'AbortError';
	}
}
