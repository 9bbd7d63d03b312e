/**
 * One attempt of a signed request, for both senders (awsRequest.ts through n8n's
 * httpRequestWithAuthentication, sts/assumeRole.ts through httpRequest): the n8n request options it goes
 * out with, its abort signal, and what a failed attempt was.
 *
 * The options: the whole answer comes back as text whatever its status (the caller reads AWS's errors
 * itself), and a redirect is never followed, since n8n would follow it with the signed headers.
 *
 * The signal fires when the whole answer has not arrived within the attempt's deadline, or when the
 * caller cancels (a trigger closing, an n8n execution being cancelled).
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

import type { IHttpRequestOptions } from 'n8n-workflow';

import { SIGNING_ERROR_NAME } from './errors';

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

	constructor(
		/** the deadline for the whole answer */
		readonly timeoutMs: number,
		parents: Array<AbortSignal | undefined>,
	) {
		this.deadline = AbortSignal.timeout(timeoutMs);
		this.sources = [
			this.deadline,
			...parents.filter((parent): parent is AbortSignal => parent !== undefined),
		];
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

/** What n8n's request helpers resolve with under `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/** The n8n request options of one attempt of a signed POST. */
export function signedPostOptions(
	request: { url: string; headers: Record<string, string>; body: string },
	attempt: AttemptSignal,
): IHttpRequestOptions {
	return {
		method: 'POST',
		url: request.url,
		headers: request.headers,
		body: request.body,
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Signed requests stay on their endpoint.
		disableFollowRedirect: true,
		maxRedirects: 0,
		timeout: attempt.timeoutMs,
		abortSignal: attempt.signal,
	};
}

/** The body of an answer as text, whatever form the helper handed it over in. */
export function responseText(body: unknown): string {
	if (typeof body === 'string') return body;
	if (body === undefined || body === null) return '';
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return JSON.stringify(body);
}

export interface NetworkFailure {
	code?: string;
	message: string;
}

/**
 * What a send that threw was: our credential refusing to sign ('signing'), a cancellation ('aborted'), or a
 * network failure with its Node.js code. n8n wraps transport failures in a NodeApiError whose cause is the
 * axios error; that error holds the signed request, so only its code and message are read.
 */
export function networkFailureOf(error: unknown): NetworkFailure | 'signing' | 'aborted' {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const named = cause as { name?: string; code?: unknown; message?: unknown };
	if (named?.name === SIGNING_ERROR_NAME) return 'signing';
	if (
		named?.code === 'ERR_CANCELED' ||
		named?.name === 'CanceledError' ||
		named?.name === 'AbortError'
	)
		return 'aborted';
	return {
		code: typeof named?.code === 'string' ? named.code : undefined,
		message: typeof named?.message === 'string' ? named.message : 'the connection failed',
	};
}
