/**
 * The trigger's wait for an execution's outcome when n8n may lose it (queue mode, see executionOutcome.ts):
 * the run decides when it arrives; once n8n said the execution ended, a run that never follows counts as lost
 * after the grace, and nothing is left waiting. Fake timers stand in for the grace.
 */
import type { IRun } from 'n8n-workflow';

import { DONE_GRACE_MS, executionOutcome } from '../../../nodes/AwsSageMakerPipelinesTrigger/executionOutcome';

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

/** Settled or not, without waiting. */
async function state<T>(promise: Promise<T>): Promise<{ settled: false } | { settled: true; value: T }> {
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
	const outcome = executionOutcome(done.promise, ended.promise, onLost);
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
	const outcome = executionOutcome(done.promise, ended.promise, onLost);
	ended.resolve({});
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS - 1);
	expect(await state(outcome)).toEqual({ settled: false });
	await jest.advanceTimersByTimeAsync(1);
	expect(await state(outcome)).toEqual({ settled: true, value: undefined });
	expect(onLost).toHaveBeenCalledTimes(1);
	// A run arriving after that changes nothing.
	done.resolve(run);
	await expect(outcome).resolves.toBeUndefined();
});

test('a run that arrives within the grace still decides', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, onLost);
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
	const outcome = executionOutcome(done.promise, ended.promise, onLost);
	ended.reject(new Error('the workflow could not start'));
	await jest.advanceTimersByTimeAsync(DONE_GRACE_MS);
	await expect(outcome).resolves.toBeUndefined();
	expect(onLost).toHaveBeenCalledTimes(1);
});

test('a failed run rejects as before', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const outcome = executionOutcome(done.promise, ended.promise, jest.fn());
	done.reject(new Error('SQLITE_BUSY: database is locked'));
	await expect(outcome).rejects.toThrow('SQLITE_BUSY');
});

test('while n8n has not said the execution ended, the wait has no limit (long executions keep their message)', async () => {
	const done = signal<IRun>();
	const ended = signal<unknown>();
	const onLost = jest.fn();
	const outcome = executionOutcome(done.promise, ended.promise, onLost);
	await jest.advanceTimersByTimeAsync(6 * 3600_000);
	expect(await state(outcome)).toEqual({ settled: false });
	expect(jest.getTimerCount()).toBe(0);
	done.resolve(run);
	await expect(outcome).resolves.toBe(run);
	expect(onLost).not.toHaveBeenCalled();
});
