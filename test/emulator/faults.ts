/**
 * Scripted failures: the next N requests (optionally of one operation) are throttled, fail with a 5xx or any
 * given error, are delayed, or have their connection cut without an answer.
 *
 * Faults are consumed in the order they were injected; a request takes at most one. They apply after the
 * signature check, so a faulted request is still a correctly signed one, as with AWS.
 */

export type FaultKind = 'throttle' | 'serverError' | 'drop' | 'latency' | 'error';

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
}

export class Faults {
	private pending: Array<FaultSpec & { remaining: number }> = [];

	inject(fault: FaultSpec): void {
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${fault.times}`);
		if (fault.kind === 'error' && !fault.code) throw new Error("fault kind 'error' needs a code");
		this.pending.push({ ...fault, remaining: times });
	}

	clear(): void {
		this.pending = [];
	}

	/** Takes the first fault that applies to this operation, counting it down. */
	take(operation: string): FaultSpec | undefined {
		const index = this.pending.findIndex((f) => f.operation === undefined || f.operation === operation);
		if (index < 0) return undefined;
		const fault = this.pending[index];
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.pending.splice(index, 1);
		return fault;
	}
}
