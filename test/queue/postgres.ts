/**
 * A throwaway PostgreSQL for queue mode as n8n supports it (n8n warns that queue mode on SQLite is not officially
 * supported, and three processes on one SQLite file do refuse each other now and then: SQLITE_BUSY).
 *
 * Duty: `initdb` into a temp folder, start `postgres` on 127.0.0.1 with a free port (trust authentication, no
 * fsync: nothing here needs to survive a crash), wait until it accepts connections, create the database, hand
 * back n8n's DB_* variables and `stop()`; it dies with the process that started it (localServer.ts).
 *
 * Limits: Debian's PostgreSQL under /usr/lib/postgresql/<version>/bin, already installed (the benchmark asks for
 * it; the CI leg stays on SQLite). When run as root, the server runs as the `postgres` user, as PostgreSQL
 * refuses root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

import { childEnv, freePort, log } from '../e2e/runner';
import { runToCompletion } from '../e2e/runner/processes';
import { answers, serverFolder, startLocalServer, tiedToUs, type LocalServer } from './localServer';

const DEBIAN_POSTGRES = '/usr/lib/postgresql';
const DATABASE = 'n8n';
const USER = 'n8n';

export interface PostgresServer extends LocalServer {
	port: number;
	/** DB_TYPE=postgresdb and where to find it, for every n8n process. */
	n8nEnv: Record<string, string>;
}

function binDir(): string {
	const versions = existsSync(DEBIAN_POSTGRES)
		? readdirSync(DEBIAN_POSTGRES).filter((name) => /^\d+$/.test(name))
		: [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	if (!newest)
		throw new Error(
			`PostgreSQL is not installed (no ${DEBIAN_POSTGRES}/<version>/bin): apt-get install -y postgresql`,
		);
	return join(DEBIAN_POSTGRES, newest, 'bin');
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = binDir();
	const dir = serverFolder('postgres');
	const data = join(dir, 'data');
	// PostgreSQL refuses to run as root.
	const runAs = userInfo().uid === 0 ? 'postgres' : undefined;
	if (runAs) {
		const id = (flag: string) =>
			Number(execFileSync('id', [flag, runAs], { encoding: 'utf8' }).trim());
		chownSync(dir, id('-u'), id('-g'));
	}
	const run = async (program: string, args: string[]) => {
		const [command, commandArgs] = tiedToUs(join(bin, program), args, runAs);
		await runToCompletion(command, commandArgs, {
			label: program,
			env: childEnv({ LC_ALL: 'C' }),
			cwd: dir,
			timeoutMs: 120_000,
		});
	};
	try {
		await run('initdb', ['-D', data, '-U', USER, '--auth=trust', '--no-sync', '-E', 'UTF8']);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const port = await freePort();
	const server = await startLocalServer({
		label: 'postgres',
		program: join(bin, 'postgres'),
		args: [
			'-D',
			data,
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		dir,
		runAs,
		probe: async () => await answers(port),
	});
	try {
		await run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', USER, DATABASE]);
	} catch (error) {
		await server.stop();
		throw error;
	}
	log(`postgres ${port} ready (data in ${data}, fsync off)`);
	return {
		...server,
		port,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: '',
		},
	};
}
