/**
 * The cached runtime for real-n8n legs: Node 24 and n8n, installed from the npm registry once per machine into
 * a cache folder outside the repo, and reused by every test, demo and benchmark after that.
 *
 * Duty: `ensureNode24()` and `ensureN8n()` return paths to a working install, doing the install first when
 * needed. An install counts only once its marker file exists (written after it was verified); a folder without
 * one is a half-finished install and is wiped and redone. A lock folder beside each install keeps two
 * processes (two jest runs, a demo and a test) from installing into the same folder at once.
 *
 * Limits: needs only the npm registry (native modules are compiled locally, never downloaded: sqlite3 is
 * built from source against Node 24's headers, which the `node` package ships). First install: several
 * minutes and about 3 GB. n8n's other native modules (isolated-vm, kafka, cpu-features...) stay unbuilt: a
 * plain install fails on them, and the nodes under test do not need them.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { log, secondsSince } from './log';
import { childEnv, npmEnv, runToCompletion, sleep, type N8nRuntime } from './processes';

export const DEFAULT_N8N_VERSION = '2.40.7';
const NODE_MAJOR = '24';
const MARKER = '.installed.json';
// A fresh n8n install took ~7 min here; give slow CI machines room before a waiter gives up on the lock.
const LOCK_WAIT_MS = 45 * 60_000;

/** `${N8N_SAGEMAKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-sagemaker-pipelines}` */
export function cacheRoot(): string {
	if (process.env.N8N_SAGEMAKER_CACHE) return process.env.N8N_SAGEMAKER_CACHE;
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-sagemaker-pipelines');
}

/** Path to a Node 24 binary, installed from the registry's `node` package (it ships the official build). */
export async function ensureNode24(): Promise<string> {
	const dir = join(cacheRoot(), `node${NODE_MAJOR}`);
	const nodeDir = join(dir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
	const nodeBin = join(nodeDir, 'bin', 'node');
	await installOnce(dir, `Node ${NODE_MAJOR}`, async () => {
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		// The `node` package fetches its platform build in a preinstall script; say so explicitly because
		// `npm run` passes the repo's ignore-scripts=true down to children.
		await npm(dir, ['install', `node@${NODE_MAJOR}`, '--save-exact', '--ignore-scripts=false'], {});
		const version = await nodeVersion(nodeBin);
		if (!version.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`expected Node ${NODE_MAJOR}, got ${version} at ${nodeBin}`);
		return version;
	});
	return nodeBin;
}

/** n8n `version` on Node 24: returns the binaries every other runner function takes. */
export async function ensureN8n(version = DEFAULT_N8N_VERSION): Promise<N8nRuntime> {
	const nodeBin = await ensureNode24();
	const dir = join(cacheRoot(), `n8n-${version}`);
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const runtime = { n8nBin, nodeBin };
	await installOnce(dir, `n8n ${version}`, async () => {
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		// Native modules must be built for Node 24, not the Node that runs npm here.
		const nodeEnv = {
			npm_config_nodedir: join(nodeBin, '..', '..'),
			// prebuild-install would try to download binaries from outside the registry; build locally.
			npm_config_build_from_source: 'true',
		};
		log('  npm install (about 2-7 minutes and 3 GB on a fresh machine)');
		// Scripts off: with them on, the install fails (the kafka client downloads at install time).
		await npm(dir, ['install', `n8n@${version}`, '--save-exact', '--ignore-scripts'], nodeEnv, nodeBin);
		log('  building sqlite3 for Node 24 (about 2 minutes)');
		await npm(dir, ['rebuild', 'sqlite3', '--ignore-scripts=false'], nodeEnv, nodeBin);
		// Both checks run on Node 24, where n8n will run.
		await runToCompletion(
			nodeBin,
			['-e', "new (require('sqlite3').Database)(':memory:').close()"],
			{ label: 'sqlite3 load check', env: childEnv(), cwd: dir },
		);
		const reported = (await runToCompletion(nodeBin, [n8nBin, '--version'], { label: 'n8n --version', env: childEnv({}, join(nodeBin, '..')), cwd: dir })).stdout.trim();
		if (reported !== version) throw new Error(`expected n8n ${version}, got "${reported}"`);
		return `n8n ${reported} on ${await nodeVersion(nodeBin)}`;
	});
	return runtime;
}

async function nodeVersion(nodeBin: string): Promise<string> {
	return (await runToCompletion(nodeBin, ['--version'], { label: 'node --version', env: childEnv() })).stdout.trim();
}

async function npm(cwd: string, args: string[], extra: Record<string, string>, nodeBin?: string): Promise<void> {
	const { output } = await runToCompletion(
		'npm',
		[...args, '--no-audit', '--no-fund', '--loglevel=warn'],
		{
			label: `npm ${args.slice(0, 2).join(' ')}`,
			cwd,
			env: npmEnv(extra, nodeBin ? join(nodeBin, '..') : undefined),
			timeoutMs: 30 * 60_000,
		},
	);
	writeFileSync(join(cwd, 'install.log'), `$ npm ${args.join(' ')}\n${output}\n`, { flag: 'a' });
}

/**
 * Runs `install` into a wiped `dir` unless the marker says a verified install is already there. `install`
 * returns a one-line description stored in the marker.
 */
async function installOnce(dir: string, what: string, install: () => Promise<string>): Promise<void> {
	const marker = join(dir, MARKER);
	if (existsSync(marker)) return;
	const lock = `${dir}.lock`;
	await acquireLock(lock, what);
	try {
		// Someone else may have finished while we waited for the lock.
		if (existsSync(marker)) return;
		const startedAt = Date.now();
		if (existsSync(dir)) log(`${what}: ${dir} has no ${MARKER} (unfinished install); wiping it`);
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		log(`${what}: installing into ${dir}`);
		const heartbeat = setInterval(() => log(`${what}: still installing (${secondsSince(startedAt)})`), 60_000);
		try {
			const description = await install();
			writeFileSync(marker, `${JSON.stringify({ what: description, installedAt: new Date().toISOString(), seconds: (Date.now() - startedAt) / 1000 }, null, '\t')}\n`);
			log(`${what}: installed in ${secondsSince(startedAt)} (${description})`);
		} finally {
			clearInterval(heartbeat);
		}
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

async function acquireLock(lock: string, what: string): Promise<void> {
	const startedAt = Date.now();
	let announced = false;
	mkdirSync(dirname(lock), { recursive: true });
	for (;;) {
		try {
			mkdirSync(lock, { recursive: false });
			writeFileSync(join(lock, 'pid'), String(process.pid));
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (lockIsStale(lock)) {
			log(`${what}: removing stale lock ${lock}`);
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (!announced) {
			log(`${what}: another process is installing (lock ${lock}); waiting`);
			announced = true;
		}
		if (Date.now() - startedAt > LOCK_WAIT_MS) throw new Error(`${what}: gave up waiting for ${lock}`);
		await sleep(2_000);
	}
}

function lockIsStale(lock: string): boolean {
	let pid: number;
	try {
		pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
	} catch {
		// Created but its pid not yet written: only stale if that moment is long past.
		try {
			return Date.now() - statSync(lock).mtimeMs > 30_000;
		} catch {
			return true;
		}
	}
	try {
		process.kill(pid, 0);
		return false;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ESRCH';
	}
}
