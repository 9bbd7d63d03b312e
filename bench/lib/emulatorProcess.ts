/**
 * The emulator in a process of its own, driven over IPC by remoteEmulator.ts. Benchmarks put it
 * there so that the process being measured pays none of the emulator's CPU (signature checks,
 * JSON, its timers) and none of its memory (the request log grows with every call), as with AWS.
 *
 * Not a tool for tests: it answers only the few commands the benchmarks need.
 */
import { startEmulator, type Emulator } from '../../tools/emulator';

export type EmulatorCommand =
	| { id: number; command: 'start'; latencyMs: number }
	| { id: number; command: 'setLatency'; latencyMs: number }
	| { id: number; command: 'createCallbackSteps'; count: number }
	| { id: number; command: 'countSucceeded'; tokens: string[] }
	| { id: number; command: 'reset' }
	| { id: number; command: 'cpuUsage' }
	| { id: number; command: 'addJitter'; requests: number; maxExtraMs: number; seed: number }
	| { id: number; command: 'close' };

export interface EmulatorReply {
	id: number;
	result?: unknown;
	error?: string;
}

let emulator: Emulator | undefined;

function started(): Emulator {
	if (!emulator) throw new Error('the emulator has not been started');
	return emulator;
}

async function handle(message: EmulatorCommand): Promise<unknown> {
	switch (message.command) {
		case 'start':
			emulator = await startEmulator({ latencyMs: message.latencyMs });
			return { url: emulator.url, region: emulator.region };
		case 'setLatency':
			started().setLatency(message.latencyMs);
			return null;
		case 'createCallbackSteps':
			return Array.from(
				{ length: message.count },
				(_, i) => started().sageMaker.createCallbackStep({ pipelineName: `bench-${i % 50}` }).token,
			);
		case 'countSucceeded':
			return message.tokens.filter(
				(token) => started().sageMaker.step(token)?.status === 'Succeeded',
			).length;
		case 'reset':
			// The request log and the steps are the emulator's memory; drop them between runs.
			started().reset();
			return null;
		case 'addJitter': {
			// One latency fault per coming request, consumed in order: each gets 0..max ms more than the base
			// latency. Seeded, so every case of a run gets the same sequence of delays.
			let state = message.seed >>> 0 || 1;
			for (let i = 0; i < message.requests; i++) {
				state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
				started().faults.inject({
					kind: 'latency',
					ms: Math.round((state / 2 ** 32) * message.maxExtraMs),
				});
			}
			return null;
		}
		case 'cpuUsage':
			return process.cpuUsage();
		case 'close':
			await emulator?.close();
			emulator = undefined;
			return null;
	}
}

process.on('message', (message: EmulatorCommand) => {
	handle(message).then(
		(result) => process.send!({ id: message.id, result } satisfies EmulatorReply),
		(error: unknown) =>
			process.send!({
				id: message.id,
				error: String((error as Error)?.stack ?? error),
			} satisfies EmulatorReply),
	);
});
// The parent going away ends us too.
process.on('disconnect', () => process.exit(0));
