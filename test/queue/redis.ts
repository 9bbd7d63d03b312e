/**
 * A throwaway Redis for the queue-mode leg: the one n8n's main process and its workers share (Bull's job queue
 * and n8n's pub/sub).
 *
 * Duty: `ensureRedisServer()` finds Debian's `redis-server`, installing it with apt-get when it is missing (CI is
 * a clean machine and runs as root). `startRedis()` starts it on 127.0.0.1 with a free port, a temp data
 * folder, no persistence (`--save ''`, no AOF) and protected mode, waits until it answers PING, and hands back
 * `stop()`; it dies with the process that started it (localServer.ts).
 *
 * Limits: Debian/Ubuntu (apt-get) and Linux only; installing needs root. No password and no TLS: it listens on
 * 127.0.0.1 only and lives for one test run.
 */
import { existsSync } from 'node:fs';

import { freePort, log } from '../e2e/runner';
import { npmEnv, runToCompletion } from '../e2e/runner/processes';
import { answers, serverFolder, startLocalServer, type LocalServer } from './localServer';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer extends LocalServer {
	host: '127.0.0.1';
	port: number;
	/** What every n8n process of the cluster needs to find it. */
	n8nEnv: Record<string, string>;
}

/** Path of `redis-server`; on a machine without it, `apt-get update && apt-get install -y redis-server` first. */
export async function ensureRedisServer(): Promise<string> {
	if (existsSync(REDIS_SERVER)) return REDIS_SERVER;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${REDIS_SERVER} is missing and installing it needs root: run "apt-get update && apt-get install -y redis-server" once`,
		);
	}
	const startedAt = Date.now();
	log('redis-server is missing: installing it with apt-get (once per machine)');
	// npmEnv carries the proxy settings apt needs on machines that reach the mirrors through one.
	const env = npmEnv({ DEBIAN_FRONTEND: 'noninteractive' });
	await runToCompletion('apt-get', ['update'], {
		label: 'apt-get update',
		env,
		timeoutMs: 300_000,
	});
	await runToCompletion('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
		label: 'apt-get install redis-server',
		env,
		timeoutMs: 300_000,
	});
	if (!existsSync(REDIS_SERVER))
		throw new Error(`apt-get installed redis-server, yet ${REDIS_SERVER} is not there`);
	log(`redis-server installed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
	return REDIS_SERVER;
}

export async function startRedis(): Promise<RedisServer> {
	const binary = await ensureRedisServer();
	const dir = serverFolder('redis');
	const port = await freePort();
	const server = await startLocalServer({
		label: 'redis',
		program: binary,
		args: [
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--protected-mode',
			'yes',
			'--daemonize',
			'no',
			'--logfile',
			'',
		],
		dir,
		probe: async () => await answers(port, 'PING\r\n', '+PONG'),
	});
	log(`redis ${port} ready (data in ${dir}, persistence off)`);
	return {
		...server,
		host: '127.0.0.1',
		port,
		n8nEnv: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
	};
}
