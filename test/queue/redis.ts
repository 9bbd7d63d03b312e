/**
 * A throwaway Redis for the queue-mode leg: the one n8n's main process and its workers share (Bull's job queue
 * and n8n's pub/sub).
 *
 * Duty: `ensureRedisServer()` finds Debian's `redis-server`, installing it with apt-get when it is missing (CI is
 * a clean machine and runs as root). `startRedis()` starts it on 127.0.0.1 with a free port, a temp data
 * folder, no persistence (`--save ''`, no AOF) and protected mode, waits until it answers PING, and hands back
 * `stop()` (idempotent; the data folder goes with it). The server dies with the process that started it (Linux
 * parent-death signal through util-linux `setpriv`), so a killed jest leaves no Redis behind.
 *
 * Limits: Debian/Ubuntu (apt-get) and Linux only; installing needs root. No password and no TLS: it listens on
 * 127.0.0.1 only and lives for one test run.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { childEnv, freePort, log, type ManagedProcess } from '../e2e/runner';
import { npmEnv, runToCompletion, sleep, spawnManaged, tail } from '../e2e/runner/processes';

const REDIS_SERVER = '/usr/bin/redis-server';
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 15_000;

export interface RedisServer {
	host: '127.0.0.1';
	port: number;
	/** What every n8n process of the cluster needs to find it. */
	n8nEnv: Record<string, string>;
	process: ManagedProcess;
	stop(): Promise<void>;
}

/** Path of `redis-server`; on a machine without it, `apt-get update && apt-get install -y redis-server` first. */
export async function ensureRedisServer(): Promise<string> {
	if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
	if (process.getuid?.() !== 0) {
		throw new Error(`${REDIS_SERVER} is missing and installing it needs root: run "apt-get update && apt-get install -y redis-server" once`);
	}
	const startedAt = Date.now();
	log('redis-server is missing: installing it with apt-get (once per machine)');
	// npmEnv carries the proxy settings apt needs on machines that reach the mirrors through one.
	const env = npmEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	await runToCompletion('apt-get', ['update'], { label: 'apt-get update', env, timeoutMs: 300_000 });
	await runToCompletion('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
		label: 'apt-get install redis-server',
		env,
		timeoutMs: 300_000,
	});
	if (!existsSync(REDIS_SERVER)) throw new Error(`apt-get installed redis-server, yet ${REDIS_SERVER} is not there`);
	log(`redis-server installed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
	return REDIS_SERVER;
}

export async function startRedis(): Promise<RedisServer> {
	const binary = await ensureRedisServer();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
	const port = await freePort();
	const args = [
		'--bind', '127.0.0.1',
		'--port', String(port),
		'--dir', dir,
		'--save', '',
		'--appendonly', 'no',
		'--protected-mode', 'yes',
		'--daemonize', 'no',
		'--logfile', '',
	];
	// setpriv keeps the server from outliving us when jest is killed: the exit hooks of the runner cannot run then.
	const [command, commandArgs] = existsSync(SETPRIV)
		? [SETPRIV, ['--pdeathsig', 'TERM', binary, ...args]]
		: [binary, args];
	const server = spawnManaged(command, commandArgs, { label: 'redis', env: childEnv(), cwd: dir });
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			await server.stop(5_000);
			rmSync(dir, { recursive: true, force: true });
		})();
		return stopping;
	};
	try {
		await waitForPong(port, server);
	} catch (error) {
		await stop();
		throw error;
	}
	log(`redis ${port} ready (data in ${dir}, persistence off)`);
	return {
		host: '127.0.0.1',
		port,
		n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
		process: server,
		stop,
	};
}

async function waitForPong(port: number, server: ManagedProcess): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (!server.isRunning()) throw new Error(`redis-server exited before it answered (exit ${await server.exited}):\n${tail(server.logs())}`);
		if (await ping(port)) return;
		await sleep(100);
	}
	throw new Error(`redis-server on port ${port} did not answer PING within ${READY_TIMEOUT_MS} ms:\n${tail(server.logs())}`);
}

/** One inline PING; true when Redis answers +PONG. */
async function ping(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}
