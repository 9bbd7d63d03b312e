/**
 * The one place the real-n8n runner starts child processes: npm for installs, `n8n start`, `n8n worker`, and
 * one-shot CLI commands such as `n8n import:workflow`.
 *
 * Duty: every child gets a hermetic environment, its own process group (so stopping it also stops the task
 * runner and anything else it spawned), and keeps its output for error messages; stop() is idempotent, and
 * live children are ended when the parent exits or is signalled. Queue mode and benchmarks reuse
 * `spawnN8n` / `runN8nCommand` rather than spawning on their own.
 *
 * Limits: POSIX only (process groups). Exit and signal hooks cover plain node scripts; inside jest (whose
 * sandboxed `process` may not deliver them) and for a SIGKILLed parent, orphan-guard.js inside each n8n
 * process ends its group. npm children have no guard: they are short and awaited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

import { log } from './log';

/** Where the cached n8n lives: what `ensureN8n()` returns. */
export interface N8nRuntime {
	/** n8n's bin/n8n script (run with `nodeBin`, never via its shebang). */
	n8nBin: string;
	/** The Node binary n8n runs on (24 for n8n 2.x, 22 for 1.x). */
	nodeBin: string;
	/** The n8n version installed there, e.g. "2.40.7": what differs per major (activation, API) keys on it. */
	version: string;
}

export interface ManagedProcess {
	readonly label: string;
	readonly pid: number;
	/** Everything the process wrote to stdout and stderr so far, interleaved as it arrived. */
	logs(): string;
	/** Only what it wrote to stdout (for commands whose stdout is data, such as `npm pack --json`). */
	stdout(): string;
	/** Resolves with the exit code (or the signal name) once the process has exited. */
	readonly exited: Promise<number | string>;
	isRunning(): boolean;
	/** SIGTERM to the whole group, SIGKILL after `graceMs`; safe to call any number of times. */
	stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
	/** Name in progress lines and error messages, e.g. "n8n main" or "worker 1". */
	label: string;
	/** The complete environment (see `childEnv`); nothing is inherited implicitly. */
	env: Record<string, string>;
	cwd?: string;
	/** Copy output live to our stderr, each line prefixed with the label (for `npm run dev`). */
	echo?: boolean;
}

const ORPHAN_GUARD = join(__dirname, 'orphan-guard.js');

/** Variables worth passing on from the caller; everything else (NODE_ENV=test from jest, npm_config_* from
 * `npm run`, N8N_* from a developer's shell) would change how npm or n8n behave. The CA variables matter: where
 * registry traffic goes through a TLS-inspecting proxy, npm on Node 24 (whose prefix has no npmrc with the
 * machine's `cafile`) retries for minutes without them. */
const INHERITED = [
	'PATH',
	'HOME',
	'USER',
	'LOGNAME',
	'SHELL',
	'LANG',
	'LC_ALL',
	'TERM',
	'TMPDIR',
	'NODE_EXTRA_CA_CERTS',
	'SSL_CERT_FILE',
	'SSL_CERT_DIR',
];

/** Only npm gets these: how to reach the registry. n8n must not reach anything but 127.0.0.1. */
const NPM_NETWORK = [
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'NO_PROXY',
	'http_proxy',
	'https_proxy',
	'no_proxy',
	'npm_config_registry',
	'npm_config_cafile',
	'npm_config_ca',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
	'npm_config_strict_ssl',
	'npm_config_userconfig',
	'npm_config_globalconfig',
	'npm_config_cache',
];

/** A hermetic environment for a child: a few basics from ours plus `extra`. `pathFirst` goes to the front of
 * PATH, so that `node` (and npm's shebang, and n8n's task runner, which spawns plain `node`) is the Node n8n
 * runs on. */
export function childEnv(
	extra: Record<string, string> = {},
	pathFirst?: string,
): Record<string, string> {
	return { ...pick(INHERITED, pathFirst), ...extra };
}

/** `childEnv` plus what npm needs to reach the registry from this machine. */
export function npmEnv(
	extra: Record<string, string> = {},
	pathFirst?: string,
): Record<string, string> {
	return {
		...pick([...INHERITED, ...NPM_NETWORK], pathFirst),
		npm_config_update_notifier: 'false',
		...extra,
	};
}

function pick(names: string[], pathFirst?: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of names) {
		const value = process.env[name];
		if (value !== undefined) env[name] = value;
	}
	if (pathFirst) env.PATH = `${pathFirst}:${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`;
	return env;
}

const live = new Set<ManagedProcess>();

export function spawnManaged(
	command: string,
	args: string[],
	options: SpawnOptions,
): ManagedProcess {
	installExitHooks();
	const child: ChildProcess = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		// A group of its own, so one signal reaches n8n and every process it started.
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`${options.label}: could not start ${command}`);
	const pid = child.pid;
	const chunks: string[] = [];
	const stdoutChunks: string[] = [];
	const collect = (stream: NodeJS.ReadableStream | null, also?: string[]) => {
		stream?.setEncoding('utf8');
		stream?.on('data', (text: string) => {
			chunks.push(text);
			also?.push(text);
			if (options.echo) process.stderr.write(prefixLines(text, options.label));
		});
	};
	collect(child.stdout, stdoutChunks);
	collect(child.stderr);

	let running = true;
	const exited = new Promise<number | string>((resolve) => {
		child.on('exit', (code, signal) => {
			running = false;
			live.delete(managed);
			resolve(code ?? signal ?? 'unknown');
		});
		child.on('error', (error) => {
			running = false;
			live.delete(managed);
			chunks.push(`\n[runner] ${error.message}\n`);
			resolve('spawn-error');
		});
	});

	let stopping: Promise<void> | undefined;
	const managed: ManagedProcess = {
		label: options.label,
		pid,
		logs: () => chunks.join(''),
		stdout: () => stdoutChunks.join(''),
		exited,
		isRunning: () => running,
		stop(graceMs = 10_000) {
			stopping ??= (async () => {
				if (running) {
					signalGroup(pid, 'SIGTERM');
					let timer: NodeJS.Timeout | undefined;
					const gone = await Promise.race([
						exited.then(() => true),
						new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
					]);
					// A pending timer would keep jest (or a script) alive for the whole grace period.
					clearTimeout(timer);
					if (!gone) {
						log(`${options.label} did not stop within ${graceMs} ms; killing it`);
						signalGroup(pid, 'SIGKILL');
						await exited;
					}
				}
				// The leader may be gone while its children (the task runner) still hold on.
				signalGroup(pid, 'SIGKILL');
			})();
			return stopping;
		},
	};
	live.add(managed);
	return managed;
}

export interface RunOptions extends SpawnOptions {
	/** Kill the command (its whole group) after this long; default 10 minutes. */
	timeoutMs?: number;
}

export interface CommandResult {
	/** stdout and stderr interleaved. */
	output: string;
	stdout: string;
}

/** Runs a command to completion; rejects with the tail of its output on a non-zero exit or a timeout. */
export async function runToCompletion(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<CommandResult> {
	const proc = spawnManaged(command, args, options);
	const timeoutMs = options.timeoutMs ?? 600_000;
	let timer: NodeJS.Timeout | undefined;
	const timedOut = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	const result = await Promise.race([proc.exited, timedOut]);
	clearTimeout(timer);
	if (result === 'timeout') {
		await proc.stop(2_000);
		throw new Error(`${options.label} timed out after ${timeoutMs} ms:\n${tail(proc.logs())}`);
	}
	if (result !== 0) {
		throw new Error(`${options.label} failed (exit ${result}):\n${tail(proc.logs())}`);
	}
	return { output: proc.logs(), stdout: proc.stdout() };
}

/** Starts a long-running n8n process (`start`, `worker`, `webhook`) on its runtime's Node with the orphan guard;
 * `nodeArgs` go to Node itself, before n8n's script (e.g. `--cpu-prof`). */
export function spawnN8n(
	runtime: N8nRuntime,
	args: string[],
	options: SpawnOptions,
	nodeArgs: string[] = [],
): ManagedProcess {
	return spawnManaged(
		runtime.nodeBin,
		[...nodeArgs, '--require', ORPHAN_GUARD, runtime.n8nBin, ...args],
		options,
	);
}

/** Runs a one-shot n8n CLI command (`import:workflow`, `execute`, ...) to completion. */
export async function runN8nCommand(
	runtime: N8nRuntime,
	args: string[],
	options: RunOptions,
): Promise<CommandResult> {
	return await runToCompletion(
		runtime.nodeBin,
		['--require', ORPHAN_GUARD, runtime.n8nBin, ...args],
		options,
	);
}

/** Directory of the runtime's Node binary: goes first in PATH for every n8n child. */
export function nodeBinDir(runtime: Pick<N8nRuntime, 'nodeBin'>): string {
	return dirname(runtime.nodeBin);
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** The last `lines` lines of a log, for error messages. */
export function tail(text: string, lines = 60): string {
	return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// ESRCH: the whole group is already gone.
	}
}

function prefixLines(text: string, label: string): string {
	return text.replace(/^(?=.)/gm, `[${label}] `);
}

let hooksInstalled = false;

function installExitHooks(): void {
	if (hooksInstalled) return;
	hooksInstalled = true;
	// Synchronous: at 'exit' nothing can be awaited. n8n shuts down by itself on SIGTERM.
	process.on('exit', () => {
		for (const proc of live) signalGroup(proc.pid, 'SIGTERM');
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		const onSignal = () => {
			for (const proc of live) signalGroup(proc.pid, 'SIGTERM');
			process.removeListener(signal, onSignal);
			// Listening disabled the default action; with our listener gone, re-raising restores it unless
			// someone else (jest, a script) handles the signal itself.
			if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
		};
		process.on(signal, onSignal);
	}
}
