/**
 * A throwaway PostgreSQL for queue mode as n8n supports it (n8n warns that queue mode on SQLite is not officially
 * supported, and three processes on one SQLite file do refuse each other now and then: SQLITE_BUSY).
 *
 * Duty: `initdb` into a temp folder, start `postgres` on 127.0.0.1 with a free port (trust authentication, no
 * fsync: nothing here needs to survive a crash), wait until it accepts connections, hand back n8n's DB_* variables
 * and `stop()` (idempotent; the folder goes with it). The server dies with the process that started it (Linux
 * parent-death signal through util-linux `setpriv`).
 *
 * Limits: Debian's PostgreSQL under /usr/lib/postgresql/<version>/bin, already installed (the benchmark asks for
 * it; the CI leg stays on SQLite). When run as root, the server runs as the `postgres` user, as PostgreSQL
 * refuses root.
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

import { childEnv, freePort, log, type ManagedProcess } from '../e2e/runner';
import { runToCompletion, sleep, spawnManaged, tail } from '../e2e/runner/processes';

const DEBIAN_POSTGRES = '/usr/lib/postgresql';
const SETPRIV = '/usr/bin/setpriv';
const READY_TIMEOUT_MS = 30_000;
const DATABASE = 'n8n';
const USER = 'n8n';

export interface PostgresServer {
	port: number;
	/** DB_TYPE=postgresdb and where to find it, for every n8n process. */
	n8nEnv: Record<string, string>;
	process: ManagedProcess;
	stop(): Promise<void>;
}

function binDir(): string {
	const versions = existsSync(DEBIAN_POSTGRES) ? readdirSync(DEBIAN_POSTGRES).filter((name) => /^\d+$/.test(name)) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest) throw new Error(`PostgreSQL is not installed (no ${DEBIAN_POSTGRES}/<version>/bin): apt-get install -y postgresql`);
	return join(DEBIAN_POSTGRES, newest, 'bin');
}

/** Runs a PostgreSQL program as `postgres` when we are root (PostgreSQL refuses root), else as ourselves. */
function asServerUser(program: string, args: string[]): [string, string[]] {
	if (userInfo().uid !== 0) return [program, args];
	return [SETPRIV, ['--reuid=postgres', '--regid=postgres', '--init-groups', '--pdeathsig', 'TERM', program, ...args]];
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = binDir();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-postgres-'));
	const data = join(dir, 'data');
	if (userInfo().uid === 0) {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, id('-u'), id('-g'));
	}
	const env = childEnv({ LC_ALL: 'C' });
	const [initdb, initdbArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8']);
	await runToCompletion(initdb, initdbArgs, { label: 'initdb', env, cwd: dir, timeoutMs: 120_000 });
	const port = await freePort();
	const [postgres, postgresArgs] = asServerUser(join(bin, 'postgres'), [
		'-D', data,
		'-h', '127.0.0.1',
		'-p', String(port),
		'-k', dir,
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=100',
	]);
	const server = spawnManaged(postgres, postgresArgs, { label: 'postgres', env, cwd: dir });
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			await server.stop(10_000);
			rmSync(dir, { recursive: true, force: true });
		})();
		return stopping;
	};
	try {
		await waitForPort(port, server);
		const [createdb, createdbArgs] = asServerUser(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', USER, DATABASE]);
		await runToCompletion(createdb, createdbArgs, { label: 'createdb', env, cwd: dir, timeoutMs: 60_000 });
	} catch (error) {
		await stop();
		throw error;
	}
	log(`postgres ${port} ready (data in ${data}, fsync off)`);
	return {
		port,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
		process: server,
		stop,
	};
}

async function waitForPort(port: number, server: ManagedProcess): Promise<void> {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (!server.isRunning()) throw new Error(`postgres exited before it listened (exit ${await server.exited}):\n${tail(server.logs())}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = createConnection({ host: '127.0.0.1', port });
			socket.on('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.on('error', () => resolve(false));
		});
		if (open) return;
		await sleep(200);
	}
	throw new Error(`postgres on port ${port} did not listen within ${READY_TIMEOUT_MS} ms:\n${tail(server.logs())}`);
}
