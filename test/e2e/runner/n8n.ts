/**
 * Starts a real n8n with our packed package installed the way a user installs a community package, and hands
 * back one object to drive it and stop it.
 *
 * Duty: fresh user folder; the tarball installed into `<user folder>/.n8n/nodes` (n8n 2.40.7 loads community
 * packages from its node_modules under their real type names; `.n8n/custom` would rename every type to
 * `CUSTOM.*`); credentials and workflows imported with n8n's own CLI (ids kept, credential data encrypted on
 * import); `n8n start` on a free 127.0.0.1 port with everything that phones home turned off; readiness, owner,
 * API key, activation; `stop()` ends every process and removes the folder.
 *
 * Limits: SQLite only. Queue mode sets EXECUTIONS_MODE=queue and starts `extraProcesses` (workers) with the
 * same configuration, but Redis and waiting for workers are the caller's. One-shot CLI commands run through
 * `runCommand` with their own task-broker port so they can run beside the server, but never two at once
 * (they share the SQLite file).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nApi } from './api';
import { ensureN8n, n8nMajor } from './cache';
import { log, secondsSince } from './log';
import {
	childEnv,
	freePort,
	npmEnv,
	nodeBinDir,
	runN8nCommand,
	runToCompletion,
	sleep,
	spawnN8n,
	tail,
	type CommandResult,
	type ManagedProcess,
	type N8nRuntime,
} from './processes';

/** Fixed rather than random so that a kept user folder (`npm run dev`) can be started again. Test data only. */
export const ENCRYPTION_KEY = 'n8n-nodes-sagemaker-pipelines-e2e-key';

export interface ExtraProcess {
	/** Name in logs, e.g. "worker 1". */
	label: string;
	/** n8n arguments, e.g. ['worker', '--concurrency=5']. */
	args: string[];
	/** On top of the main process's environment; a task-broker and health-check port of its own are set. */
	env?: Record<string, string>;
}

export interface StartOptions {
	/** The packed package (`packPackage()`); omit to run n8n with its own nodes only. */
	tarball?: string;
	/** n8n credential export objects `{ id, name, type, data }` with plain `data`. */
	credentials?: object[];
	/** n8n workflow export objects; give each an `id` to activate it or find its executions. */
	workflows?: object[];
	/** Workflow ids to publish after start; resolves only once their triggers are live. */
	activate?: string[];
	/** Extra or overriding environment for every n8n process (e.g. N8N_LOG_LEVEL=debug). */
	env?: Record<string, string>;
	/** Default: a free port. */
	port?: number;
	/** 'queue' sets EXECUTIONS_MODE=queue; QUEUE_BULL_REDIS_* go in `env`. */
	mode?: 'regular' | 'queue';
	/** Started after the main process is ready (migrations done), e.g. queue-mode workers. */
	extraProcesses?: ExtraProcess[];
	/** Use (and keep) this folder instead of a fresh temp one (`npm run dev`); the tarball is installed again. */
	userFolder?: string;
	/** Copy n8n's output live to stderr. */
	echo?: boolean;
	/** Default 120 s: a cold start on a busy 2-core machine has taken 15 s. */
	readyTimeoutMs?: number;
	/** Default: `ensureN8n()`. */
	runtime?: N8nRuntime;
	/**
	 * Extra Node.js arguments for the main `n8n start` process only (not workers, not its task runner, not CLI
	 * commands), e.g. `['--cpu-prof', '--cpu-prof-dir=/tmp/p']` to profile it: the profile is written when it stops.
	 */
	nodeArgs?: string[];
}

export interface WebhookResponse {
	status: number;
	headers: Headers;
	/** Parsed JSON when the body is JSON, otherwise the text. */
	body: unknown;
	text: string;
}

export interface N8nInstance {
	/** http://127.0.0.1:<port> — editor, REST API, webhooks. */
	url: string;
	port: number;
	userFolder: string;
	runtime: N8nRuntime;
	/** The environment the main process got: spawn more processes with it (`spawnN8n`). */
	env: Record<string, string>;
	/** Logged in as the owner, with an API key. */
	api: N8nApi;
	/** The main process first, then the extra ones. */
	processes: ManagedProcess[];
	/** The main process's output so far. */
	logs(): string;
	/** POST (or `method`) to the production webhook `/webhook/<path>`. */
	callWebhook(
		path: string,
		body?: unknown,
		init?: { method?: string; headers?: Record<string, string> },
	): Promise<WebhookResponse>;
	/** A one-shot n8n CLI command against this instance's database, e.g. ['execute', '--id=abc'];
	 * `env` is added to the instance's environment for this command only. */
	runCommand(args: string[], env?: Record<string, string>): Promise<CommandResult>;
	/** Stops every process (extra ones first) and removes a temp user folder. Idempotent. */
	stop(): Promise<void>;
}

export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const runtime = options.runtime ?? (await ensureN8n());
	const ownsFolder = options.userFolder === undefined;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	mkdirSync(userFolder, { recursive: true });
	const processes: ManagedProcess[] = [];
	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= (async () => {
			for (const proc of [...processes].reverse()) await proc.stop();
			if (ownsFolder && !process.env.N8N_E2E_KEEP_USER_FOLDER)
				rmSync(userFolder, { recursive: true, force: true });
		})();
		return stopping;
	};

	try {
		if (options.tarball) await installCommunityPackage(runtime, userFolder, options.tarball);

		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const env = await n8nEnv(runtime, userFolder, port, options);
		const runCommand = async (args: string[], extraEnv: Record<string, string> = {}) =>
			await runN8nCommand(runtime, args, {
				label: `n8n ${args[0]}`,
				// The running server holds its broker port; a CLI command starts a broker of its own.
				env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv },
				cwd: userFolder,
				timeoutMs: 120_000,
			});

		await importEntities(userFolder, options, runCommand);

		const startedAt = Date.now();
		const main = spawnN8n(
			runtime,
			['start'],
			{ label: 'n8n main', env, cwd: userFolder, echo: options.echo },
			options.nodeArgs,
		);
		processes.push(main);
		await waitUntilReady(url, main, options.readyTimeoutMs ?? 120_000);
		log(`n8n ready at ${url} after ${secondsSince(startedAt)}`);

		const api = await N8nApi.connect(url, n8nMajor(runtime.version));
		for (const workflowId of options.activate ?? []) await api.activateWorkflow(workflowId);

		for (const extra of options.extraProcesses ?? []) {
			const extraEnv = {
				...env,
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				...extra.env,
			};
			processes.push(
				spawnN8n(runtime, extra.args, {
					label: extra.label,
					env: extraEnv,
					cwd: userFolder,
					echo: options.echo,
				}),
			);
		}

		return {
			url,
			port,
			userFolder,
			runtime,
			env,
			api,
			processes,
			logs: () => main.logs(),
			callWebhook: async (path, body, init = {}) => await callWebhook(url, path, body, init),
			runCommand,
			stop,
		};
	} catch (error) {
		const logTail = processes[0] ? `\n--- n8n log (tail) ---\n${tail(processes[0].logs())}` : '';
		await stop();
		throw new Error(`${(error as Error).message}${logTail}`, { cause: error });
	}
}

/**
 * The environment of every n8n process the runner starts. Exported so other legs (queue mode, benchmarks)
 * build on the same settings rather than a copy.
 */
export async function n8nEnv(
	runtime: N8nRuntime,
	userFolder: string,
	port: number,
	options: Pick<StartOptions, 'env' | 'mode'> = {},
): Promise<Record<string, string>> {
	const url = `http://127.0.0.1:${port}/`;
	return childEnv(
		{
			// n8n refuses to load its nodes under NODE_ENV=test, which jest sets.
			NODE_ENV: 'production',
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_WEBHOOK_URL: url,
			N8N_EDITOR_BASE_URL: url,
			// Each instance (and each CLI command) needs its own task-broker port; n8n's default is 5679.
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_RUNNERS_MODE: 'internal',
			// Nothing may leave the machine: telemetry, version checks, templates, banners, the MCP registry refresh.
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_AI_ENABLED: 'false',
			// 1.x has no mcp-registry module and refuses to start on an unknown module name.
			...(n8nMajor(runtime.version) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
			// The editor's list of verified community nodes comes from api.n8n.io; installed packages load regardless.
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
			// Plain http on 127.0.0.1: the browser test must be able to keep the login cookie.
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			// Today's defaults, set explicitly only to silence n8n's deprecation banner in every log.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_TASK_TIMEOUT: '300',
			N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
			N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			NO_PROXY: '127.0.0.1,localhost',
			...(options.mode === 'queue' ? { EXECUTIONS_MODE: 'queue' } : {}),
			...options.env,
		},
		nodeBinDir(runtime),
	);
}

/**
 * What n8n's Docker docs tell users to do: `npm install <package>` inside ~/.n8n/nodes. n8n scans
 * nodes/node_modules/n8n-nodes-* at start.
 */
async function installCommunityPackage(
	runtime: N8nRuntime,
	userFolder: string,
	tarball: string,
): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	// The same manifest n8n writes when it installs a package through its UI.
	const manifest = join(nodesDir, 'package.json');
	if (!existsSync(manifest))
		writeFileSync(
			manifest,
			`${JSON.stringify({ name: 'installed-nodes', private: true }, null, 2)}\n`,
		);
	const startedAt = Date.now();
	// --prefer-offline: npm still resolves the n8n-workflow peer from the registry; a cached answer is as good.
	await runToCompletion(
		'npm',
		[
			'install',
			tarball,
			'--omit=dev',
			'--omit=peer',
			'--prefer-offline',
			'--no-audit',
			'--no-fund',
			'--loglevel=warn',
		],
		{
			label: 'npm install (community package)',
			cwd: nodesDir,
			env: npmEnv({}, nodeBinDir(runtime)),
			timeoutMs: 120_000,
		},
	);
	log(`package installed into ${nodesDir} in ${secondsSince(startedAt)}`);
}

async function importEntities(
	userFolder: string,
	options: StartOptions,
	runCommand: (args: string[]) => Promise<CommandResult>,
): Promise<void> {
	const importDir = join(userFolder, 'import');
	mkdirSync(importDir, { recursive: true });
	for (const [kind, entities] of [
		['credentials', options.credentials],
		['workflow', options.workflows],
	] as const) {
		if (!entities || entities.length === 0) continue;
		const file = join(importDir, `${kind}.json`);
		writeFileSync(file, JSON.stringify(entities, null, '\t'));
		const startedAt = Date.now();
		const { output } = await runCommand([`import:${kind}`, `--input=${file}`]);
		// n8n reports some refusals (policy violations) in its log yet exits 0.
		if (!/Successfully imported/.test(output))
			throw new Error(`n8n import:${kind} imported nothing:\n${tail(output, 20)}`);
		log(
			`imported ${entities.length} ${kind === 'workflow' ? 'workflow(s)' : 'credential(s)'} in ${secondsSince(startedAt)}`,
		);
	}
}

async function waitUntilReady(url: string, main: ManagedProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!main.isRunning())
			throw new Error(`n8n exited before it was ready (exit ${await main.exited})`);
		try {
			const response = await fetch(`${url}/healthz/readiness`, {
				signal: AbortSignal.timeout(2_000),
			});
			await response.text();
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	throw new Error(`n8n not ready at ${url}/healthz/readiness within ${timeoutMs} ms`);
}

async function callWebhook(
	url: string,
	path: string,
	body: unknown,
	init: { method?: string; headers?: Record<string, string> },
): Promise<WebhookResponse> {
	const method = init.method ?? 'POST';
	const response = await fetch(`${url}/webhook/${path.replace(/^\//, '')}`, {
		method,
		headers: {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...init.headers,
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = text;
	if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') {
		try {
			parsed = JSON.parse(text);
		} catch {
			// leave the text: n8n answered "JSON" that is not
		}
	}
	return { status: response.status, headers: response.headers, body: parsed, text };
}
