/**
 * Parent side of emulatorProcess.ts: starts the project's emulator (`startEmulator`) in a child
 * process and offers what the benchmarks need from it. The child's CPU is never counted in the
 * measuring process's `process.cpuUsage()`.
 */
import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import type { EmulatorCommand, EmulatorReply } from './emulatorProcess';
import { forkBench } from './processes';

type Command = EmulatorCommand extends infer C
	? C extends { id: number }
		? Omit<C, 'id'>
		: never
	: never;

export interface RemoteEmulator {
	url: string;
	region: string;
	setLatency(ms: number): Promise<void>;
	/** Callback steps waiting for their token, each in an execution of its own; returns the tokens. */
	createCallbackSteps(count: number): Promise<string[]>;
	/** How many of these tokens' steps are Succeeded (a check that a run really did the work). */
	countSucceeded(tokens: string[]): Promise<number>;
	/** The next `requests` requests each wait 0..maxExtraMs (seeded, uniform) on top of the base latency. */
	addJitter(requests: number, maxExtraMs: number, seed: number): Promise<void>;
	/** The emulator process's own CPU so far (µs), to tell its share from the client's. */
	cpuUsage(): Promise<NodeJS.CpuUsage>;
	/** Drops all steps and the request log. */
	reset(): Promise<void>;
	close(): Promise<void>;
}

export const BENCH_CREDENTIALS = EMULATOR_CREDENTIALS;

export async function startRemoteEmulator(latencyMs: number): Promise<RemoteEmulator> {
	const child = forkBench('lib/emulatorProcess.ts');
	let nextId = 1;
	const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
	child.on('message', (reply: EmulatorReply) => {
		const waiter = pending.get(reply.id);
		pending.delete(reply.id);
		if (reply.error !== undefined) waiter?.reject(new Error(`emulator process: ${reply.error}`));
		else waiter?.resolve(reply.result);
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values())
			waiter.reject(new Error(`emulator process exited (${code})`));
		pending.clear();
	});
	const send = <T>(command: Command): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
			child.send({ ...command, id });
		});

	const { url, region } = await send<{ url: string; region: string }>({
		command: 'start',
		latencyMs,
	});
	return {
		url,
		region,
		setLatency: (ms) => send({ command: 'setLatency', latencyMs: ms }),
		createCallbackSteps: (count) => send({ command: 'createCallbackSteps', count }),
		countSucceeded: (tokens) => send({ command: 'countSucceeded', tokens }),
		addJitter: (requests, maxExtraMs, seed) =>
			send({ command: 'addJitter', requests, maxExtraMs, seed }),
		cpuUsage: () => send({ command: 'cpuUsage' }),
		reset: () => send({ command: 'reset' }),
		async close() {
			await send({ command: 'close' }).catch(() => undefined);
			child.disconnect();
			await new Promise<void>((resolve) =>
				child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
			);
		},
	};
}
