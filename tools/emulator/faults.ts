/**
 * Scripted failures: the next N requests (optionally of one operation) are throttled, fail with a 5xx or any
 * given error, are delayed, or have their connection cut without an answer. Hostile or broken endpoints too:
 * a redirect to another origin, an answer cut off mid-body after the operation ran, a body dripped one byte at
 * a time, or a body that is not what the protocol promises (garbage JSON, an HTML error page).
 *
 * Faults are consumed in the order they were injected; a request takes at most one. They apply after the
 * signature check, so a faulted request is still a correctly signed one, as with AWS.
 */

export type FaultKind =
	| 'throttle'
	| 'serverError'
	| 'drop'
	| 'latency'
	| 'error'
	/** answers `status` (302 by default) with `Location: location`; the operation does not run */
	| 'redirect'
	/** runs the operation, sends the headers and half the body, then cuts the connection */
	| 'dropMidAnswer'
	/** answers 200 and sends one byte (a JSON space) every `ms` (default 1000) until the client goes away */
	| 'drip'
	/** answers `status` (default 200) with `body` as it is; with a 2xx status the operation runs first */
	| 'garbage';

export interface FaultSpec {
	/** Operation name (`SendPipelineExecutionStepSuccess`, `ReceiveMessage`, `AssumeRole`); all when absent. */
	operation?: string;
	kind: FaultKind;
	/** How many requests it applies to; 1 when absent. */
	times?: number;
	/** latency: extra delay before the answer. */
	ms?: number;
	/** error / serverError: the code, status and message to answer with. */
	code?: string;
	status?: number;
	message?: string;
	/** redirect: where to. */
	location?: string;
	/** garbage: the body to answer with, and its content type (default the protocol's). */
	body?: string;
	contentType?: string;
}

export class Faults {
	private pending: Array<FaultSpec & { remaining: number }> = [];

	inject(fault: FaultSpec): void {
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1)
			throw new Error(`fault.times must be a positive integer, got ${fault.times}`);
		if (fault.kind === 'error' && !fault.code) throw new Error("fault kind 'error' needs a code");
		if (fault.kind === 'redirect' && !fault.location)
			throw new Error("fault kind 'redirect' needs a location");
		if (fault.kind === 'garbage' && fault.body === undefined)
			throw new Error("fault kind 'garbage' needs a body");
		this.pending.push({ ...fault, remaining: times });
	}

	clear(): void {
		this.pending = [];
	}

	/** Takes the first fault that applies to this operation, counting it down. */
	take(operation: string): FaultSpec | undefined {
		const index = this.pending.findIndex(
			(f) => f.operation === undefined || f.operation === operation,
		);
		if (index < 0) return undefined;
		const fault = this.pending[index];
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.pending.splice(index, 1);
		return fault;
	}
}
