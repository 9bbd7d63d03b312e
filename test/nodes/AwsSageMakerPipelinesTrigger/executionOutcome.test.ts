/**
 * The trigger's wait for an execution's outcome when n8n may lose it (queue mode, see executionOutcome.ts):
 * the run decides when it arrives; once n8n said the execution ended, a run that never follows counts as lost
 * after the grace; a run that neither arrives nor is said to have ended counts as lost after Max Execution
 * Time; and nothing is left waiting. Fake timers stand in for both.
 */
import type { IRun } from 'n8n-workflow';

import {
	DONE_GRACE_MS,
	executionOutcome,
} from '../../../nodes/AwsSageMakerPipelinesTrigger/executionOutcome';

interface Signal<T> {
	promise: Promise<T>;
	resolve(value: T): void;
	reject(error: Error): void;
}

function signal<T>(): Signal<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((ok, fail) => {
		resolve = ok;
		reject = fail;
	});
	return { promise, resolve, reject };
}

const run = { status: 'success', finished: true } as IRun;
/** The trigger's default Max Execution Time. */
const MAX_WAIT_MS = 3600_000;

/** Settled or not, without waiting. */
async function state<T>(
	promise: Promise<T>,
): Promise<{ settled: false } | { settled: true; value: T }> {
	const pending = Symbol('pending');
	const first = await Promise.race([promise, Promise.resolve(pending)]);
	return first === pending ? { settled: false } : { settled: true, value: first as T };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('the run decides, and no grace timer is left behind', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, onLost);
	ended.resolve({});
	done.resolve(run);
	await expect(outcome).resolves.toBe(run);
	expect(onLost).not.toHaveBeenCalled();
	expect(jest.getTimerCount()).toBe(0);
});

test('n8n said the execution ended and no run followed: lost after the grace, reported once', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, onLost);
	ended.resolve({});
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS - 1);
	expect(await state(outcome)).toEqual({ settled: false });
	await jest.advanceTimersByTimeAsync(1);
	expect(await state(outcome)).toEqual({ settled: true, value: undefined });
	expect(onLost.mock.calls).toEqual([['endedWithoutRun']]);
	// A run arriving after that changes nothing.
	done.resolve(run);
	await expect(outcome).resolves.toBeUndefined();
});

test('a run that arrives within the grace still decides', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, onLost);
	ended.resolve({});
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS / 2);
	done.resolve(run);
	await expect(outcome).resolves.toBe(run);
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS);
	expect(onLost).not.toHaveBeenCalled();
});

test('a rejected response promise also means the execution ended', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, onLost);
	ended.reject(new Error('the workflow could not start'));
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS);
	await expect(outcome).resolves.toBeUndefined();
	expect(onLost.mock.calls).toEqual([['endedWithoutRun']]);
});

test('a failed run rejects as before', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, jest.fn());
	done.reject(new Error('SQLITE_BUSY: database is locked'));
	await expect(outcome).rejects.toThrow('SQLITE_BUSY');
});

test('while n8n has not said the execution ended, the wait lasts until Max Execution Time (long executions keep their message)', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, MAX_WAIT_MS, onLost);
	await jest.advanceTimersByTimeAsync(MAX_WAIT_MS - 1);
	expect(await state(outcome)).toEqual({ settled: false });
	done.resolve(run);
	await expect(outcome).resolves.toBe(run);
	expect(onLost).not.toHaveBeenCalled();
	expect(jest.getTimerCount()).toBe(0);
});

test('neither a run nor an end within Max Execution Time (a queue-mode worker died after saving the run): lost, reported once', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, 30_000, onLost);
	await jest.advanceTimersByTimeAsync(29_999);
	expect(await state(outcome)).toEqual({ settled: false });
	await jest.advanceTimersByTimeAsync(1);
	expect(await state(outcome)).toEqual({ settled: true, value: undefined });
	expect(onLost.mock.calls).toEqual([['timedOut']]);
	expect(jest.getTimerCount()).toBe(0);
	// Whatever n8n says later changes nothing.
	ended.resolve({});
	done.resolve(run);
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS);
	expect(onLost).toHaveBeenCalledTimes(1);
});

test('Max Execution Time also bounds the grace after n8n said the execution ended', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, 10_000, onLost);
	ended.resolve({});
	await jest.advanceTimersByTimeAsync(10_000);
	await expect(outcome).resolves.toBeUndefined();
	expect(onLost.mock.calls).toEqual([['timedOut']]);
});
