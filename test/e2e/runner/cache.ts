/**
 * The cached runtimes for real-n8n legs: a Node and an n8n, installed from the npm registry once per machine into
 * a cache folder outside the repo, and reused by every test, demo and benchmark after that.
 *
 * Duty: `ensureNode(major)` and `ensureN8n(version)` return paths to a working install, doing the install first
 * when needed; `ensureN8n` picks the Node major each n8n line runs on (`nodeMajorFor`). An install counts only
 * once its marker file exists (written after it was verified); a folder without one is a half-finished install
 * and is wiped and redone. A lock folder beside each install keeps two processes (two jest runs, a demo and a
 * test) from installing into the same folder at once; different versions install side by side.
 *
 * Limits: needs only the npm registry (native modules are compiled locally, never downloaded: sqlite3 is built
 * from source against the chosen Node's headers, which the `node` package ships). First install: several
 * minutes and about 3 GB per n8n version. n8n's other native modules (isolated-vm, kafka, cpu-features...) stay
 * unbuilt: a plain install fails on them, and the nodes under test do not need them (isolated-vm ships
 * prebuilds for Node 22 and 24, which n8n loads). Knows n8n 1.x and 2.x; another major needs a look first.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { log, secondsSince } from './log';
import { childEnv, npmEnv, runToCompletion, sleep, type N8nRuntime } from './processes';

export const DEFAULT_N8N_VERSION = '2.40.7';
const MARKER = '.installed.json';
// A fresh n8n install took ~7 min here; give slow CI machines room before a waiter gives up on the lock.
const LOCK_WAIT_MS = 45 * 60_000;

/**
 * What each n8n line needs beyond `npm install n8n@<version>`.
 * - Node: 2.36+ requires Node >= 24. 1.x allows 20.19 to 24, but its default expression engine (`vm`,
 *   isolated-vm 6) ships native builds for Node 22 and 24 only; users run it on 22, so do we.
 * - 1.x: n8n-nodes-base 1.x depends on `xlsx` from cdn.sheetjs.com (a tarball URL outside the registry); the
 *   registry's last `xlsx`, 0.18.5, replaces it through npm `overrides` in the install folder's package.json.
 */
interface N8nLine {
	nodeMajor: number;
	overrides?: Record<string, string>;
}
const N8N_LINES: Record<number, N8nLine> = {
	1: { nodeMajor: 22, overrides: { xlsx: '0.18.5' } },
	2: { nodeMajor: 24 },
};

/** n8n's major version: 1 or 2. Throws for a version string the runner does not know how to install. */
export function n8nMajor(version: string): number {
	const match = /^(\d+)\.\d+\.\d+$/.exec(version);
	const major = match ? Number(match[1]) : NaN;
	if (!(major in N8N_LINES))
		throw new Error(
			`n8n version "${version}": the runner knows how to install n8n 1.x.y and 2.x.y only`,
		);
	return major;
}

/** The Node major an n8n version runs on here (22 for 1.x, 24 for 2.x). */
export function nodeMajorFor(version: string): number {
	return N8N_LINES[n8nMajor(version)].nodeMajor;
}

/** `${N8N_SAGEMAKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-sagemaker-pipelines}` */
export function cacheRoot(): string {
	if (process.env.N8N_SAGEMAKER_CACHE) return process.env.N8N_SAGEMAKER_CACHE;
	const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(base, 'n8n-nodes-sagemaker-pipelines');
}

/** Path to a Node `major` binary, installed from the registry's `node` package (it ships the official build). */
export async function ensureNode(major: number): Promise<string> {
	const dir = join(cacheRoot(), `node${major}`);
	const nodeDir = join(
		dir,
		'node_modules',
		'node',
		'node_modules',
		`node-${process.platform}-${process.arch}`,
	);
	const nodeBin = join(nodeDir, 'bin', 'node');
	await installOnce(dir, `Node ${major}`, async () => {
		writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
		// The `node` package fetches its platform build in a preinstall script; say so explicitly because
		// `npm run` passes the repo's ignore-scripts=true down to children.
		await npm(dir, ['install', `node@${major}`, '--save-exact', '--ignore-scripts=false'], {});
		const version = await nodeVersion(nodeBin);
		if (!version.startsWith(`v${major}.`))
			throw new Error(`expected Node ${major}, got ${version} at ${nodeBin}`);
		return version;
	});
	return nodeBin;
}

/** Node 24, what n8n 2.x runs on (the benchmarks measure on it). */
export async function ensureNode24(): Promise<string> {
	return await ensureNode(24);
}

/** n8n `version` on the Node its line runs on: returns the binaries every other runner function takes. */
export async function ensureN8n(version = DEFAULT_N8N_VERSION): Promise<N8nRuntime> {
	const line = N8N_LINES[n8nMajor(version)];
	const nodeBin = await ensureNode(line.nodeMajor);
	const dir = join(cacheRoot(), `n8n-${version}`);
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const runtime: N8nRuntime = { n8nBin, nodeBin, version };
	await installOnce(dir, `n8n ${version}`, async () => {
		const manifest = { private: true, ...(line.overrides ? { overrides: line.overrides } : {}) };
		writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		// Native modules must be built for the Node n8n runs on, not the Node that runs npm here.
		const nodeEnv = {
			npm_config_nodedir: join(nodeBin, '..', '..'),
			// prebuild-install would try to download binaries from outside the registry; build locally.
			npm_config_build_from_source: 'true',
		};
		log('  npm install (about 2-7 minutes and 3 GB on a fresh machine)');
		// Scripts off: with them on, the install fails (the kafka client downloads at install time).
		await npm(
			dir,
			['install', `n8n@${version}`, '--save-exact', '--ignore-scripts'],
			nodeEnv,
			nodeBin,
		);
		log(`  building sqlite3 for Node ${line.nodeMajor} (about 2 minutes)`);
		await npm(dir, ['rebuild', 'sqlite3', '--ignore-scripts=false'], nodeEnv, nodeBin);
		// Both checks run on the Node n8n will run on.
		await runToCompletion(
			nodeBin,
			['-e', "new (require('sqlite3').Database)(':memory:').close()"],
			{ label: 'sqlite3 load check', env: childEnv(), cwd: dir },
		);
		const reported = (
			await runToCompletion(nodeBin, [n8nBin, '--version'], {
				label: 'n8n --version',
				env: childEnv({}, join(nodeBin, '..')),
				cwd: dir,
			})
		).stdout.trim();
		if (reported !== version) throw new Error(`expected n8n ${version}, got "${reported}"`);
		return `n8n ${reported} on ${await nodeVersion(nodeBin)}`;
	});
	return runtime;
}

async function nodeVersion(nodeBin: string): Promise<string> {
	return (
		await runToCompletion(nodeBin, ['--version'], { label: 'node --version', env: childEnv() })
	).stdout.trim();
}

async function npm(
	cwd: string,
	args: string[],
	extra: Record<string, string>,
	nodeBin?: string,
): Promise<void> {
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
async function installOnce(
	dir: string,
	what: string,
	install: () => Promise<string>,
): Promise<void> {
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
		const heartbeat = setInterval(
			() => log(`${what}: still installing (${secondsSince(startedAt)})`),
			60_000,
		);
		try {
			const description = await install();
			writeFileSync(
				marker,
				`${JSON.stringify({ what: description, installedAt: new Date().toISOString(), seconds: (Date.now() - startedAt) / 1000 }, null, '\t')}\n`,
			);
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
		if (Date.now() - startedAt > LOCK_WAIT_MS)
			throw new Error(`${what}: gave up waiting for ${lock}`);
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
