/**
 * 6. The AWS SageMaker Pipelines Trigger in a real n8n (2.40.7, our packed package installed as a user
 * installs it) against the emulator in this process:
 * - latency: callback messages sent one at a time (each waits for the previous execution to end and its
 *   message to be deleted, so this measures latency, not queueing) → the n8n execution it starts
 *   (`startedAt` from n8n's API; n8n and this process share the machine's clock) and → the step
 *   Succeeded (workflow: trigger → Send Step Success with {{ $json.token }}). Each message's path is cut
 *   into its legs: SQS hands it to the trigger's long poll, n8n starts the execution, n8n runs the nodes
 *   up to the SendPipelineExecutionStepSuccess request, n8n ends the execution, the trigger deletes the
 *   message;
 * - drain: messages queued before the workflow is activated, then the time until every step is Succeeded
 *   and the queue is empty (visible 0, in flight 0), with the trigger's default options and with Max
 *   Concurrent Executions raised; n8n's CPU (its whole process group, from /proc) per message says
 *   whether n8n's own per-execution cost is the limit, and the executions' start/stop times how many ran
 *   at once.
 *
 * Limits: one run per setting on one machine, loopback HTTP without TLS or AWS's latency (real SQS and
 * SageMaker add tens of ms per request); the emulator shares the machine's cores with n8n (its CPU is
 * reported). The first-receive time is sampled every ~1 ms from the emulator's queue (the trigger does
 * not ask SQS for ApproximateFirstReceiveTimestamp). SQLite, n8n's default database.
 *
 * To find out where n8n's time goes (opt-in, it slows n8n a little):
 * - BENCH_N8N_CPU_PROFILE=1 runs n8n under `--cpu-prof`; for the latency phase and each drain the
 *   samples of n8n's main thread in that window are summed: busy and idle ms per message, and by
 *   what is on the stack (n8n's expression isolate, its database, its HTTP stack, this package's
 *   trigger and node; a sample counts for every group on its stack).
 * - BENCH_N8N_ENV='NAME=value,…' starts n8n with more environment, e.g. N8N_EXPRESSION_ENGINE=legacy.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { DEFAULTS as TRIGGER_DEFAULTS } from '../nodes/AwsSageMakerPipelinesTrigger/options';
import { startEmulator, type Emulator } from '../tools/emulator';
import { emulatorN8nCredential } from '../tools/emulator/credential';
import {
	CALLBACK_TRIGGER_NAME,
	callbackTrigger,
	DEFAULT_N8N_VERSION,
	linearWorkflow,
	nodeOutput,
	packPackage,
	sendStepSuccess,
	startN8n,
	type Execution,
	type N8nInstance,
	type NodeSpec,
} from '../test/e2e/runner';
import { groupCpuMs } from './lib/processGroupCpu';
import { median, millis, percentile, seconds } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult, Check } from './lib/types';

const CREDENTIAL = { id: 'benchEmulator001', name: 'Emulator' };
const LATENCY_WORKFLOW = 'benchLatency0001';
/** Max Concurrent Executions tried besides the default (undefined: the option left unset). */
const DRAIN_SETTINGS: Array<number | undefined> = [undefined, 20, 50];
const WARM_UP_MESSAGES = 5;
/** The community SQS trigger's schedule: what a user has today (context only; not installed here). */
const COMMUNITY_POLL_SECONDS = 60;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function trigger(queueUrl: string, maxConcurrentExecutions?: number): NodeSpec {
	return callbackTrigger(
		queueUrl,
		CREDENTIAL,
		maxConcurrentExecutions === undefined ? {} : { maxConcurrentExecutions },
	);
}

function credential(emulator: Emulator): object {
	return emulatorN8nCredential(emulator, CREDENTIAL);
}

const drainWorkflowId = (maxConcurrent: number | undefined) =>
	`benchDrain${String(maxConcurrent ?? 'Dflt').padStart(4, '0')}00`;
const drainLabel = (maxConcurrent: number | undefined) =>
	maxConcurrent === undefined
		? `default options (Max Concurrent Executions ${TRIGGER_DEFAULTS.maxConcurrentExecutions})`
		: `Max Concurrent Executions ${maxConcurrent}`;

// ---------------------------------------------------------------- machine load and n8n's CPU

interface LoadSample {
	/** ms since the benchmark started */
	atMs: number;
	load1m: number;
	/** threads runnable at that instant (/proc/loadavg), this run's own included */
	runnable?: number;
}

function runnableNow(): number | undefined {
	try {
		return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3].split('/')[0]);
	} catch {
		return undefined;
	}
}

function startLoadSampler(everyMs: number): { samples: LoadSample[]; stop(): void } {
	const startedAt = Date.now();
	const samples: LoadSample[] = [];
	const take = () =>
		samples.push({
			atMs: Date.now() - startedAt,
			load1m: Number(loadavg()[0].toFixed(2)),
			runnable: runnableNow(),
		});
	take();
	const timer = setInterval(take, everyMs);
	return { samples, stop: () => clearInterval(timer) };
}

interface PhaseLoad {
	load1mStart: number;
	load1mEnd: number;
	runnableMedian?: number;
	runnableMax?: number;
}

function phaseLoad(
	samples: LoadSample[],
	fromMs: number,
	toMs: number,
	load1mStart: number,
): PhaseLoad {
	const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
	const runnable = inside
		.map((s) => s.runnable)
		.filter((value): value is number => value !== undefined);
	return {
		load1mStart,
		load1mEnd: Number(loadavg()[0].toFixed(2)),
		runnableMedian: runnable.length ? median(runnable) : undefined,
		runnableMax: runnable.length ? Math.max(...runnable) : undefined,
	};
}

const describeLoad = (load: PhaseLoad) =>
	`load average ${load.load1mStart} → ${load.load1mEnd}${load.runnableMedian === undefined ? '' : `, runnable threads median ${load.runnableMedian} (max ${load.runnableMax})`}`;

// ---------------------------------------------------------------- n8n's executions

/** Every execution of a workflow, oldest first (the public API pages by cursor, newest first). */
async function allExecutions(
	n8n: N8nInstance,
	workflowId: string,
	includeData: boolean,
): Promise<Execution[]> {
	const found: Execution[] = [];
	let cursor: string | undefined;
	do {
		const query = new URLSearchParams({ workflowId, limit: includeData ? '100' : '250' });
		if (includeData) query.set('includeData', 'true');
		if (cursor) query.set('cursor', cursor);
		const page = await n8n.api.publicApi<{ data: Execution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?${query}`,
		);
		found.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return found.reverse();
}

/** Waits until n8n has saved `count` finished executions of the workflow. */
async function finishedExecutions(
	n8n: N8nInstance,
	workflowId: string,
	count: number,
	includeData: boolean,
): Promise<Execution[]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const executions = await allExecutions(n8n, workflowId, includeData);
		const finished = executions.filter(
			(e) => e.stoppedAt && !['new', 'running', 'waiting'].includes(e.status),
		);
		if (finished.length >= count) return finished;
		if (Date.now() > deadline)
			throw new Error(
				`only ${finished.length} of ${count} executions of ${workflowId} were saved within 60 s`,
			);
		await sleep(250);
	}
}

/** Most executions running at the same moment, from their start and stop times. */
function peakOverlap(executions: Execution[]): number {
	const events = executions.flatMap((e) => [
		{ at: Date.parse(e.startedAt), delta: 1 },
		{ at: Date.parse(e.stoppedAt!), delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let running = 0;
	let peak = 0;
	for (const event of events) {
		running += event.delta;
		peak = Math.max(peak, running);
	}
	return peak;
}

// ---------------------------------------------------------------- opt-in: n8n's CPU profile

interface ProfileWindow {
	name: string;
	/** CLOCK_MONOTONIC µs, the clock V8's profiler stamps its samples with */
	fromUs: number;
	toUs: number;
	messages: number;
}

interface CpuProfile {
	nodes: Array<{
		id: number;
		callFrame: { functionName: string; url: string };
		children?: number[];
	}>;
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** What a stack frame's file belongs to; the first matching group wins. */
const PROFILE_GROUPS: Array<[string, RegExp]> = [
	[
		'this package: trigger',
		/n8n-nodes-sagemaker-pipelines\/dist\/nodes\/AwsSageMakerPipelinesTrigger\//,
	],
	['this package: node, transport, credential', /n8n-nodes-sagemaker-pipelines\/dist\//],
	['n8n expression engine (isolate per execution)', /@n8n\/expression-runtime\/|isolated-vm/],
	['n8n database (typeorm, sqlite3)', /\/(@n8n\/typeorm|sqlite3|@n8n\/db)\//],
	[
		'n8n HTTP stack (axios, agents)',
		/\/(axios|follow-redirects|@n8n\/backend-network|proxy-from-env)\//,
	],
	['n8n event bus log writer', /message-event-bus/],
	[
		'n8n workflow runner and execution hooks',
		/\/n8n\/dist\/(workflow-runner|execution-lifecycle|workflow-execute-additional-data|active-workflow-manager)/,
	],
];

interface WindowProfile {
	name: string;
	messages: number;
	busyMsPerMessage: number;
	idleShare: number;
	/** this package's own code: samples whose innermost JavaScript frame (Node's internals skipped) is ours */
	packageSelfMsPerMessage: number;
	/** group → ms per message, inclusive: the group is somewhere on the sample's stack */
	groups: Record<string, number>;
}

function summarizeWindows(profile: CpuProfile, windows: ProfileWindow[]): WindowProfile[] {
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const groupsOf = new Map<number, string[]>();
	const stackGroups = (id: number): string[] => {
		let known = groupsOf.get(id);
		if (known) return known;
		const own = PROFILE_GROUPS.find(([, pattern]) =>
			pattern.test(byId.get(id)!.callFrame.url),
		)?.[0];
		const caller = parent.get(id);
		const above = caller === undefined ? [] : stackGroups(caller);
		known = own && !above.includes(own) ? [...above, own] : above;
		groupsOf.set(id, known);
		return known;
	};
	const ownCode = new Map<number, boolean>();
	const isOwnCode = (id: number): boolean => {
		let known = ownCode.get(id);
		if (known !== undefined) return known;
		const { url } = byId.get(id)!.callFrame;
		const caller = parent.get(id);
		known =
			url && !url.startsWith('node:')
				? url.includes('n8n-nodes-sagemaker-pipelines/dist/')
				: caller !== undefined && isOwnCode(caller);
		ownCode.set(id, known);
		return known;
	};
	return windows.map((window) => {
		let busyUs = 0;
		let idleUs = 0;
		let ownUs = 0;
		const groups = new Map<string, number>();
		let at = profile.startTime;
		profile.samples.forEach((id, index) => {
			const delta = profile.timeDeltas[index] ?? 0;
			at += delta;
			if (at < window.fromUs || at > window.toUs) return;
			if (byId.get(id)!.callFrame.functionName === '(idle)') {
				idleUs += delta;
				return;
			}
			busyUs += delta;
			if (isOwnCode(id)) ownUs += delta;
			for (const group of stackGroups(id)) groups.set(group, (groups.get(group) ?? 0) + delta);
		});
		const perMessage = (us: number) => Number((us / 1000 / window.messages).toFixed(2));
		return {
			name: window.name,
			messages: window.messages,
			busyMsPerMessage: perMessage(busyUs),
			idleShare: Number((idleUs / Math.max(1, busyUs + idleUs)).toFixed(2)),
			packageSelfMsPerMessage: perMessage(ownUs),
			groups: Object.fromEntries(
				[...groups].sort((a, b) => b[1] - a[1]).map(([group, us]) => [group, perMessage(us)]),
			),
		};
	});
}

/** The main thread's profile of the n8n process `pid` (written as n8n exits), summarized per window. */
function readN8nProfile(
	folder: string,
	pid: number,
	windows: ProfileWindow[],
): WindowProfile[] | string {
	const files = readdirSync(folder).filter((file) => file.endsWith('.cpuprofile'));
	const main = files.find((file) => file.includes(`.${pid}.0.`));
	if (!main)
		return `no CPU profile of n8n's main thread (pid ${pid}) in ${folder}: ${files.join(', ') || 'none'}`;
	return summarizeWindows(
		JSON.parse(readFileSync(join(folder, main), 'utf8')) as CpuProfile,
		windows,
	);
}

const describeProfile = (window: WindowProfile) =>
	`${window.name}: n8n's main thread busy ${window.busyMsPerMessage} ms/msg, idle ${Math.round(window.idleShare * 100)} % of the time; ` +
	`this package's own code ${window.packageSelfMsPerMessage} ms/msg; ms/msg with on the stack: ` +
	Object.entries(window.groups)
		.map(([group, ms]) => `${group} ${ms}`)
		.join(', ');

/** BENCH_N8N_ENV='A=1,B=2' → { A: '1', B: '2' } */
function extraN8nEnv(): Record<string, string> {
	const text = process.env.BENCH_N8N_ENV?.trim();
	if (!text) return {};
	return Object.fromEntries(
		text.split(',').map((pair) => {
			const at = pair.indexOf('=');
			if (at < 1) throw new Error(`BENCH_N8N_ENV: expected NAME=value, got "${pair}"`);
			return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
		}),
	);
}

// ---------------------------------------------------------------- 1. latency

interface LatencySample {
	token: string;
	sentAt: number;
	/** when SQS handed the message to the trigger's receive (sampled); undefined if never seen */
	receivedAt?: number;
	executionStartedAt: number;
	/** arrival of SendPipelineExecutionStepSuccess at the emulator: the step is Succeeded right then */
	succeededAt: number;
	executionStoppedAt: number;
	/** arrival of the DeleteMessage */
	deletedAt: number;
	executions: number;
}

const LEGS: Array<{
	key: string;
	label: string;
	from: keyof LatencySample;
	to: keyof LatencySample;
}> = [
	{
		key: 'sentToStart',
		label: 'message sent → execution started',
		from: 'sentAt',
		to: 'executionStartedAt',
	},
	{
		key: 'sentToSucceeded',
		label: 'message sent → step Succeeded',
		from: 'sentAt',
		to: 'succeededAt',
	},
	{
		key: 'sentToReceived',
		label: "  leg: sent → received by the trigger's long poll",
		from: 'sentAt',
		to: 'receivedAt',
	},
	{
		key: 'receivedToStart',
		label: '  leg: received → execution started (emit, n8n creates the execution)',
		from: 'receivedAt',
		to: 'executionStartedAt',
	},
	{
		key: 'startToSucceeded',
		label: '  leg: execution started → SendStepSuccess request (n8n runs the two nodes)',
		from: 'executionStartedAt',
		to: 'succeededAt',
	},
	{
		key: 'succeededToStopped',
		label: '  leg: SendStepSuccess → execution stopped',
		from: 'succeededAt',
		to: 'executionStoppedAt',
	},
	{
		key: 'stoppedToDeleted',
		label: '  leg: execution stopped → DeleteMessage (n8n saves, done promise, trigger deletes)',
		from: 'executionStoppedAt',
		to: 'deletedAt',
	},
];

function legValues(
	samples: LatencySample[],
	from: keyof LatencySample,
	to: keyof LatencySample,
): number[] {
	return samples.flatMap((s) =>
		typeof s[from] === 'number' && typeof s[to] === 'number'
			? [(s[to] as number) - (s[from] as number)]
			: [],
	);
}

type SentMessage = Pick<LatencySample, 'token' | 'sentAt' | 'receivedAt'>;

async function sendOneAtATime(
	emulator: Emulator,
	queueUrl: string,
	count: number,
): Promise<SentMessage[]> {
	const sent: SentMessage[] = [];
	for (let i = 0; i < count; i++) {
		const deletedBefore = emulator.sqs.stats(queueUrl).deleted;
		const sentAt = Date.now();
		const { token } = emulator.sageMaker.createCallbackStep({
			pipelineName: 'bench-latency',
			queueUrl,
			arguments: { message: String(i) },
		});
		let receivedAt: number | undefined;
		const deadline = sentAt + 30_000;
		// Done when the trigger deleted the message: its execution ended (n8n resolved the done promise).
		while (emulator.sqs.stats(queueUrl).deleted === deletedBefore) {
			receivedAt ??= emulator.sqs
				.messages(queueUrl)
				.find((m) => m.firstReceiveAt !== undefined)?.firstReceiveAt;
			if (Date.now() > deadline) {
				throw new Error(
					`message ${i}: not deleted within 30 s (step ${emulator.sageMaker.step(token)?.status}, queue ${JSON.stringify(emulator.sqs.stats(queueUrl))})`,
				);
			}
			await sleep(1);
		}
		if (emulator.sageMaker.step(token)?.status !== 'Succeeded')
			throw new Error(
				`message ${i}: deleted but its step is ${emulator.sageMaker.step(token)?.status}`,
			);
		sent.push({ token, sentAt, receivedAt });
	}
	return sent;
}

/** Each sent message with its execution and the emulator's requests; `earlier`: executions before these (the warm-up). */
async function matchExecutions(
	emulator: Emulator,
	n8n: N8nInstance,
	queueUrl: string,
	sent: SentMessage[],
	earlier: number,
): Promise<LatencySample[]> {
	const count = sent.length;
	const startedAt = sent[0].sentAt;
	const executions = await finishedExecutions(n8n, LATENCY_WORKFLOW, earlier + count, true);
	const byToken = new Map<string, Execution[]>();
	for (const execution of executions) {
		const token = String(nodeOutput(execution, CALLBACK_TRIGGER_NAME)[0]?.token);
		byToken.set(token, [...(byToken.get(token) ?? []), execution]);
	}
	const requests = emulator.requests.filter((r) => r.at >= startedAt);
	// One message at a time, each sent only once the previous one was deleted: the k-th delete is the k-th message's.
	// (Times are whole ms: a delete and the next send often share one, so times cannot tell them apart.)
	const deletions = requests.filter(
		(r) => r.operation === 'DeleteMessage' && r.input?.QueueUrl === queueUrl && r.status === 200,
	);
	if (deletions.length !== count)
		throw new Error(`latency: ${deletions.length} DeleteMessage requests for ${count} messages`);
	return sent.map((message, index) => {
		const runs = byToken.get(message.token) ?? [];
		if (runs.length === 0)
			throw new Error(`no n8n execution for message ${index} (token ${message.token})`);
		const success = requests.find(
			(r) =>
				r.operation === 'SendPipelineExecutionStepSuccess' &&
				r.input?.CallbackToken === message.token &&
				r.status === 200,
		);
		if (!success)
			throw new Error(
				`message ${index}: the emulator saw no SendPipelineExecutionStepSuccess for token ${message.token}`,
			);
		const deletion = deletions[index];
		return {
			...message,
			executionStartedAt: Date.parse(runs[0].startedAt),
			succeededAt: success.at,
			executionStoppedAt: Date.parse(runs[0].stoppedAt!),
			deletedAt: deletion.at,
			executions: runs.length,
		};
	});
}

// ---------------------------------------------------------------- 2. drain

interface DrainResult {
	maxConcurrentExecutions: number;
	optionSet: boolean;
	messages: number;
	/** activate call → every step Succeeded and the queue empty */
	drainMs: number;
	/** the trigger's first receive → done: the rate once polling runs */
	pollingMs: number;
	activationMs: number;
	messagesPerSecond: number;
	executions: number;
	failedExecutions: number;
	peakConcurrentExecutions: number;
	executionMsMedian: number;
	executionMsP95: number;
	receiveRequests: number;
	changeVisibilityRequests: number;
	deleteRequests: number;
	/** messages handed out more than once (SQS receives − messages) */
	redeliveries: number;
	n8nCpuMs?: number;
	n8nCpuMsPerMessage?: number;
	/** n8n's CPU over the drain, in cores (1 = one core busy all the time) */
	n8nCores?: number;
	/** this process (the emulator, and the polling of its state) over the drain, in cores */
	emulatorCores: number;
	load: PhaseLoad;
	window: ProfileWindow;
}

async function drain(
	emulator: Emulator,
	n8n: N8nInstance,
	maxConcurrent: number | undefined,
	messages: number,
	loadSamples: LoadSample[],
	benchStartedAt: number,
): Promise<DrainResult> {
	const workflowId = drainWorkflowId(maxConcurrent);
	const queueUrl = emulator.sqs.queueUrl(`bench-drain-${maxConcurrent ?? 'default'}`);
	const tokens = Array.from(
		{ length: messages },
		(_, i) =>
			emulator.sageMaker.createCallbackStep({
				pipelineName: 'bench-drain',
				queueUrl,
				arguments: { message: String(i) },
			}).token,
	);
	if (emulator.sqs.stats(queueUrl).visible !== messages)
		throw new Error(
			`drain: ${emulator.sqs.stats(queueUrl).visible} of ${messages} messages visible before activation`,
		);

	const load1mStart = Number(loadavg()[0].toFixed(2));
	const n8nCpuBefore = groupCpuMs(n8n.processes[0].pid);
	const ownCpuBefore = process.cpuUsage();
	const fromUs = monotonicUs();
	const startedAt = Date.now();
	await n8n.api.activateWorkflow(workflowId, 60_000);
	const activatedAt = Date.now();
	const deadline = startedAt + 300_000;
	for (;;) {
		const stats = emulator.sqs.stats(queueUrl);
		if (
			stats.visible === 0 &&
			stats.inFlight === 0 &&
			stats.delayed === 0 &&
			tokens.every((token) => emulator.sageMaker.step(token)?.status === 'Succeeded')
		)
			break;
		if (Date.now() > deadline)
			throw new Error(
				`drain (${drainLabel(maxConcurrent)}): not done after 300 s: ${JSON.stringify(stats)}`,
			);
		await sleep(10);
	}
	const doneAt = Date.now();
	const window: ProfileWindow = {
		name: `drain, Max Concurrent Executions ${maxConcurrent ?? TRIGGER_DEFAULTS.maxConcurrentExecutions}`,
		fromUs,
		toUs: monotonicUs(),
		messages,
	};
	const n8nCpuAfter = groupCpuMs(n8n.processes[0].pid);
	const ownCpu = process.cpuUsage(ownCpuBefore);
	const load = phaseLoad(
		loadSamples,
		startedAt - benchStartedAt,
		doneAt - benchStartedAt,
		load1mStart,
	);
	await n8n.api.publicApi('POST', `/workflows/${workflowId}/deactivate`);

	const executions = await finishedExecutions(n8n, workflowId, messages, false);
	const durations = executions.map((e) => Date.parse(e.stoppedAt!) - Date.parse(e.startedAt));
	const requests = emulator.requests.filter(
		(r) =>
			r.service === 'sqs' && r.input?.QueueUrl === queueUrl && r.at >= startedAt && r.at <= doneAt,
	);
	const firstReceiveAt = requests.find((r) => r.operation === 'ReceiveMessage')?.at ?? activatedAt;
	const n8nCpuMs =
		n8nCpuBefore !== undefined && n8nCpuAfter !== undefined
			? n8nCpuAfter - n8nCpuBefore
			: undefined;
	const pollingMs = doneAt - firstReceiveAt;
	return {
		maxConcurrentExecutions: maxConcurrent ?? TRIGGER_DEFAULTS.maxConcurrentExecutions,
		optionSet: maxConcurrent !== undefined,
		messages,
		drainMs: doneAt - startedAt,
		pollingMs,
		activationMs: activatedAt - startedAt,
		messagesPerSecond: messages / (pollingMs / 1000),
		executions: executions.length,
		failedExecutions: executions.filter((e) => e.status !== 'success').length,
		peakConcurrentExecutions: peakOverlap(executions),
		executionMsMedian: median(durations),
		executionMsP95: percentile(durations, 95),
		receiveRequests: requests.filter((r) => r.operation === 'ReceiveMessage').length,
		changeVisibilityRequests: requests.filter((r) => r.operation === 'ChangeMessageVisibility')
			.length,
		deleteRequests: requests.filter((r) => r.operation === 'DeleteMessage').length,
		redeliveries: emulator.sqs.stats(queueUrl).receives - messages,
		n8nCpuMs,
		n8nCpuMsPerMessage: n8nCpuMs === undefined ? undefined : n8nCpuMs / messages,
		n8nCores: n8nCpuMs === undefined ? undefined : n8nCpuMs / (doneAt - startedAt),
		emulatorCores: (ownCpu.user + ownCpu.system) / 1000 / (doneAt - startedAt),
		load,
		window,
	};
}

// ---------------------------------------------------------------- the benchmark

/** messages/s n8n would do per core it gets: 1000 / CPU ms per message */
const perCore = (d: DrainResult) =>
	d.n8nCpuMsPerMessage ? 1000 / d.n8nCpuMsPerMessage : undefined;

const fmt = (value: number | undefined, digits = 0) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);

export const triggerLatency: Benchmark = {
	id: 'triggerLatency',
	title: 'Trigger: message → execution latency and queue drain in the real n8n',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const latencyMessages = context.quick ? 30 : 200;
		const drainMessages = context.quick ? 100 : 500;
		const drainSettings = context.quick ? [undefined, 50] : DRAIN_SETTINGS;

		// The build is the bench run's one build (none with --no-build); the tarball is what a user installs.
		await context.builtPackage();
		const tarball = await packPackage({ build: false });
		const benchStartedAt = Date.now();
		const sampler = startLoadSampler(1_000);
		const emulator = await startEmulator();
		const profileDir = process.env.BENCH_N8N_CPU_PROFILE
			? mkdtempSync(join(tmpdir(), 'n8n-cpu-profile-'))
			: undefined;
		const n8nEnv = {
			...extraN8nEnv(),
			...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
		};
		let n8n: N8nInstance | undefined;
		try {
			const latencyQueue = emulator.sqs.createQueue('bench-latency');
			for (const maxConcurrent of drainSettings)
				emulator.sqs.createQueue(`bench-drain-${maxConcurrent ?? 'default'}`);
			context.log(`triggerLatency: starting n8n ${DEFAULT_N8N_VERSION} with the packed package`);
			n8n = await startN8n({
				tarball,
				credentials: [credential(emulator)],
				workflows: [
					linearWorkflow(LATENCY_WORKFLOW, 'Bench: latency', [
						trigger(latencyQueue),
						sendStepSuccess(CREDENTIAL),
					]),
					...drainSettings.map((maxConcurrent) =>
						linearWorkflow(
							drainWorkflowId(maxConcurrent),
							`Bench: drain, ${drainLabel(maxConcurrent)}`,
							[
								trigger(
									emulator.sqs.queueUrl(`bench-drain-${maxConcurrent ?? 'default'}`),
									maxConcurrent,
								),
								sendStepSuccess(CREDENTIAL),
							],
						),
					),
				],
				activate: [LATENCY_WORKFLOW],
				env: n8nEnv,
			});
			const n8nReadyAt = Date.now();

			// Warm-up (n8n's first executions load and compile code), not counted.
			context.log(
				`triggerLatency: ${WARM_UP_MESSAGES} warm-up messages, then ${latencyMessages} one at a time`,
			);
			await sendOneAtATime(emulator, latencyQueue, WARM_UP_MESSAGES);
			await finishedExecutions(n8n, LATENCY_WORKFLOW, WARM_UP_MESSAGES, false);
			const latencyLoad1m = Number(loadavg()[0].toFixed(2));
			const latencyStart = Date.now();
			const n8nCpuBefore = groupCpuMs(n8n.processes[0].pid);
			const latencyFromUs = monotonicUs();
			const sent = await sendOneAtATime(emulator, latencyQueue, latencyMessages);
			const latencyWindow: ProfileWindow = {
				name: 'latency, one message at a time',
				fromUs: latencyFromUs,
				toUs: monotonicUs(),
				messages: latencyMessages,
			};
			const latencyEnd = Date.now();
			const n8nCpuAfter = groupCpuMs(n8n.processes[0].pid);
			const samples = await matchExecutions(emulator, n8n, latencyQueue, sent, WARM_UP_MESSAGES);
			const latencyLoad = phaseLoad(
				sampler.samples,
				latencyStart - benchStartedAt,
				latencyEnd - benchStartedAt,
				latencyLoad1m,
			);
			await n8n.api.publicApi('POST', `/workflows/${LATENCY_WORKFLOW}/deactivate`);

			const drains: DrainResult[] = [];
			for (const maxConcurrent of drainSettings) {
				context.log(
					`triggerLatency: drain ${drainMessages} queued messages, ${drainLabel(maxConcurrent)}`,
				);
				drains.push(
					await drain(emulator, n8n, maxConcurrent, drainMessages, sampler.samples, benchStartedAt),
				);
			}
			sampler.stop();
			const n8nPid = n8n.processes[0].pid;
			await n8n.stop();
			const profile = profileDir
				? readN8nProfile(profileDir, n8nPid, [latencyWindow, ...drains.map((d) => d.window)])
				: undefined;

			// ---- table
			const latencyRows = LEGS.map((leg) => {
				const values = legValues(samples, leg.from, leg.to);
				return [
					leg.label,
					`p50 ${millis(percentile(values, 50))}, p95 ${millis(percentile(values, 95))}, max ${millis(Math.max(...values))}`,
					`${values.length} messages`,
				];
			});
			const drainRows = drains.map((d) => [
				`drain ${d.messages} queued messages, ${drainLabel(d.optionSet ? d.maxConcurrentExecutions : undefined)}`,
				`${seconds(d.drainMs)}, ${fmt(d.messagesPerSecond, 1)} msg/s`,
				`activation ${seconds(d.activationMs)}; peak ${d.peakConcurrentExecutions} executions at once, each ${millis(d.executionMsMedian)} median (p95 ${millis(d.executionMsP95)}); n8n ${fmt(d.n8nCores, 2)} cores, ${fmt(d.n8nCpuMsPerMessage, 1)} CPU ms/msg`,
			]);

			const start = legValues(samples, 'sentAt', 'executionStartedAt');
			const handedOver = legValues(samples, 'sentAt', 'receivedAt');
			const best = drains.reduce((a, b) => (b.messagesPerSecond > a.messagesPerSecond ? b : a));
			const defaults = drains[0];
			const lost = drains.filter(
				(d) => d.executions !== d.messages || d.failedExecutions > 0 || d.redeliveries > 0,
			);
			const repeated = samples.filter((s) => s.executions !== 1).length;
			const latencyCpuPerMessage =
				n8nCpuBefore !== undefined && n8nCpuAfter !== undefined
					? (n8nCpuAfter - n8nCpuBefore) / latencyMessages
					: undefined;

			/** least n8n CPU per message */
			const fastest = drains.reduce((a, b) =>
				(b.n8nCpuMsPerMessage ?? Infinity) < (a.n8nCpuMsPerMessage ?? Infinity) ? b : a,
			);

			const checks: Check[] = [
				{
					target: `message → execution start p95 < 1 s (the community SQS trigger polls every ${COMMUNITY_POLL_SECONDS} s: ${COMMUNITY_POLL_SECONDS / 2} s on average)`,
					measured: `p50 ${millis(percentile(start, 50))}, p95 ${millis(percentile(start, 95))}, max ${millis(Math.max(...start))}`,
					met: percentile(start, 95) < 1_000,
				},
				{
					target:
						"the trigger's long poll hands a message over at once: sent → received p95 < 50 ms",
					measured: `p50 ${millis(percentile(handedOver, 50))}, p95 ${millis(percentile(handedOver, 95))}, max ${millis(Math.max(...handedOver))} (${handedOver.length} of ${samples.length} seen)`,
					met: handedOver.length === samples.length && percentile(handedOver, 95) < 50,
				},
				{
					// Wall rates of one run each follow the machine's other load as much as the setting; n8n's CPU per message does not.
					target:
						'default Max Concurrent Executions within 1.1× of the best setting tried, in messages per n8n CPU second',
					measured:
						`${fmt(perCore(defaults), 1)} vs ${fmt(perCore(fastest), 1)} msg/s per core (${fastest.maxConcurrentExecutions}); ` +
						`wall ${fmt(defaults.messagesPerSecond, 1)} vs best ${fmt(best.messagesPerSecond, 1)} msg/s (${best.maxConcurrentExecutions})`,
					met:
						(perCore(fastest) ?? best.messagesPerSecond) /
							(perCore(defaults) ?? defaults.messagesPerSecond) <=
						1.1,
				},
				{
					target:
						'every message runs exactly once: one successful execution per message, none delivered twice',
					measured:
						lost.length === 0 && repeated === 0
							? `${drains.length} × ${drainMessages} drained + ${latencyMessages} one at a time, 0 redelivered`
							: `${lost.map((d) => `${d.maxConcurrentExecutions}: ${d.executions} executions, ${d.failedExecutions} failed, ${d.redeliveries} redelivered`).join('; ')}; ${repeated} latency messages ran more than once`,
					met: lost.length === 0 && repeated === 0,
				},
			];

			const cpuNote = (d: DrainResult) =>
				`${d.maxConcurrentExecutions}: ${fmt(d.n8nCores, 2)} cores, ${fmt(d.n8nCpuMsPerMessage, 1)} ms/msg (${fmt(perCore(d), 1)} msg/s per core), emulator ${fmt(d.emulatorCores, 2)} cores`;
			const why =
				defaults.n8nCores === undefined || best === defaults
					? ''
					: ` The rate is n8n's CPU per message times the CPU n8n got: ${best.maxConcurrentExecutions} did ${fmt(best.messagesPerSecond / defaults.messagesPerSecond, 2)}× the messages/s of the default, ` +
						`of which ${fmt((defaults.n8nCpuMsPerMessage ?? 0) / (best.n8nCpuMsPerMessage ?? 1), 2)}× from less CPU per message and ${fmt((best.n8nCores ?? 0) / defaults.n8nCores, 2)}× from n8n getting more CPU ` +
						`(runnable threads on the machine, median: ${fmt(defaults.load.runnableMedian, 1)} during the default's drain, ${fmt(best.load.runnableMedian, 1)} during ${best.maxConcurrentExecutions}'s).`;
			return {
				id: this.id,
				title: this.title,
				settings: {
					n8n: DEFAULT_N8N_VERSION,
					database: 'SQLite (n8n default), regular mode',
					latencyMessages,
					warmUpMessages: WARM_UP_MESSAGES,
					drainMessages,
					drainMaxConcurrentExecutions: drains.map((d) => d.maxConcurrentExecutions),
					triggerDefaults: TRIGGER_DEFAULTS,
					emulator: 'in the bench process, no added latency',
					n8nEnv: extraN8nEnv(),
					n8nCpuProfile: profileDir !== undefined,
				},
				table: {
					columns: ['measure', 'result', 'details'],
					rows: [...latencyRows, ...drainRows],
				},
				checks,
				notes: [
					`Latency: ${latencyMessages} callback messages one at a time (after ${WARM_UP_MESSAGES} warm-up), each sent when the previous one's message was deleted; execution start is n8n's startedAt, step Succeeded the arrival of SendPipelineExecutionStepSuccess at the emulator, received the emulator's first-receive time (sampled ~1 ms). ${describeLoad(latencyLoad)}; n8n used ${fmt(latencyCpuPerMessage, 1)} CPU ms per message.`,
					`Drain: ${drainMessages} messages queued, then the workflow activated; wall = activate call → all steps Succeeded and the queue empty; msg/s counted from the trigger's first receive. Best: Max Concurrent Executions ${best.maxConcurrentExecutions} at ${fmt(best.messagesPerSecond, 1)} msg/s; least n8n CPU per message: ${fastest.maxConcurrentExecutions}.${why}`,
					`n8n's CPU over each drain (its process group): ${drains.map(cpuNote).join('; ')}. ${drains.map((d) => `${d.maxConcurrentExecutions}: ${describeLoad(d.load)}`).join('; ')}.`,
					`SQS requests per drain: ${drains.map((d) => `${d.maxConcurrentExecutions}: ${d.receiveRequests} ReceiveMessage (${fmt(d.messages / d.receiveRequests, 2)} messages each), ${d.deleteRequests} DeleteMessage, ${d.changeVisibilityRequests} ChangeMessageVisibility`).join('; ')}.${drains.every((d) => d.messages / d.receiveRequests < 2) ? ' Most receives fetch one message: each execution that ends frees one slot, and the trigger receives for it at once.' : ''}`,
					...(typeof profile === 'string'
						? [`CPU profile: ${profile}`]
						: (profile ?? []).map((window) => `CPU profile, ${describeProfile(window)}.`)),
					`Without this trigger: n8n has no SQS trigger; the community SQS trigger polls once a minute (latency ${COMMUNITY_POLL_SECONDS / 2} s on average, up to ${COMMUNITY_POLL_SECONDS} s) and deletes a message before its workflow ran. Context only: not installed or measured here.`,
				],
				data: {
					availableParallelism: availableParallelism(),
					n8nStartMs: n8nReadyAt - benchStartedAt,
					latency: {
						load: latencyLoad,
						n8nCpuMsPerMessage: latencyCpuPerMessage,
						summary: Object.fromEntries(
							LEGS.map((leg) => {
								const values = legValues(samples, leg.from, leg.to);
								return [
									leg.key,
									{
										p50: percentile(values, 50),
										p95: percentile(values, 95),
										max: Math.max(...values),
										n: values.length,
									},
								];
							}),
						),
						samples,
					},
					drains,
					profile,
					loadSamples: sampler.samples,
				},
			};
		} finally {
			sampler.stop();
			await n8n?.stop();
			await emulator.close();
			if (profileDir) rmSync(profileDir, { recursive: true, force: true });
			// packPackage() packs into a temp folder of its own.
			rmSync(dirname(tarball), { recursive: true, force: true });
		}
	},
};
