/**
 * The throwaway servers of the queue-mode leg (Redis, PostgreSQL): each in a temp folder of its own, listening on
 * 127.0.0.1, started through the runner's process handling.
 *
 * Duty: run a program tied to our life — through util-linux `setpriv` with a parent-death signal, so a killed
 * jest or script leaves no server behind (the runner's exit hooks cannot run then) — optionally as another
 * user; wait until a probe says it serves; `stop()` (idempotent) ends it and removes its folder.
 *
 * Limits: Linux. Without setpriv a server outlives a killed parent, and running as another user needs it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { childEnv, type ManagedProcess } from '../e2e/runner';
import { sleep, spawnManaged, tail } from '../e2e/runner/processes';

const SETPRIV = '/usr/bin/setpriv';

export interface LocalServer {
	process: ManagedProcess;
	stop(): Promise<void>;
}

export interface LocalServerOptions {
	label: string;
	program: string;
	args: string[];
	/** Its folder (`serverFolder()`): working directory, removed on stop. */
	dir: string;
	/** True once the server serves. */
	probe: () => Promise<boolean>;
	runAs?: string;
	readyTimeoutMs?: number;
}

export function serverFolder(prefix: string): string {
	return mkdtempSync(join(tmpdir(), `n8n-queue-${prefix}-`));
}

/** The command line that runs `program` as `runAs` (if given) and ends it when we end. */
export function tiedToUs(program: string, args: string[], runAs?: string): [string, string[]] {
	if (!existsSync(SETPRIV)) {
		if (runAs) throw new Error(`${SETPRIV} (util-linux) is needed to run ${program} as ${runAs}`);
		return [program, args];
	}
	const user = runAs ? [`--reuid=${runAs}`, `--regid=${runAs}`, '--init-groups'] : [];
	return [SETPRIV, [...user, '--pdeathsig', 'TERM', program, ...args]];
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
	const [command, args] = tiedToUs(options.program, options.args, options.runAs);
	const server = spawnManaged(command, args, {
		label: options.label,
		env: childEnv({ LC_ALL: 'C' }),
		cwd: options.dir,
	});
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			await server.stop(10_000);
			rmSync(options.dir, { recursive: true, force: true });
		})();
		return stopping;
	};
	const timeoutMs = options.readyTimeoutMs ?? 30_000;
	const deadline = Date.now() + timeoutMs;
	try {
		for (;;) {
			if (!server.isRunning())
				throw new Error(
					`${options.label} exited before it served (exit ${await server.exited}):\n${tail(server.logs())}`,
				);
			if (await options.probe()) break;
			if (Date.now() > deadline)
				throw new Error(
					`${options.label} did not serve within ${timeoutMs} ms:\n${tail(server.logs())}`,
				);
			await sleep(100);
		}
	} catch (error) {
		await stop();
		throw error;
	}
	return { process: server, stop };
}

/**
 * Connects to 127.0.0.1:`port`; with `say`, sends it and waits for the first line of the answer.
 * True when the connection opened (and the answer starts with `expect`).
 */
export async function answers(port: number, say?: string, expect = ''): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => (say === undefined ? done(true) : socket.write(say)));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith(expect));
		});
	});
}
