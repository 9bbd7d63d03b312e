/**
 * Our package in n8n queue mode: Redis, one main process (EXECUTIONS_MODE=queue; the trigger polls SQS there)
 * and two `n8n worker` processes that run the executions, each with the packed package installed, against the
 * emulator. The trigger deletes a message only once its execution — now on a worker — succeeded:
 * - 500 messages at once, 10 % of them failing: 40 fail on their first delivery only (transient), 10 on every
 *   delivery (permanent). Every other step is finished exactly once; the transient ones come back and finish;
 *   the permanent ones come back until the queue's maxReceiveCount and then sit in the dead-letter queue,
 *   never deleted by n8n and never finished — that is what "come back" means for a failure that stays.
 * - A worker killed (SIGKILL) mid-run, one of its runs saved as a success but not yet reported to main: the
 *   executions it held are declared lost (or, the unreported one, waited out by Max Execution Time), their messages
 *   come back and a surviving worker finishes them; still exactly once per step.
 * Drain time and throughput are logged; bench/queueMode.ts compares them with a single n8n process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../tools/emulator';
import { log } from '../e2e/runner';
import { callbackWorkflow, emulatorCredential } from './callbackWorkflow';
import { startCluster, type Cluster } from './cluster';
import { byToken, tokenRuns } from './executions';
import { queueCallbackSteps, waitForDrain, type QueuedStep } from './load';
import { until } from '../harness/wait';

const LOAD_WORKFLOW = 'queueLoadFlow001';
const KILL_WORKFLOW = 'queueKillFlow001';
/** Room for a transient failure plus a refusal by n8n's SQLite on the retry; the permanent ones reach the DLQ after it. */
const MAX_RECEIVE_COUNT = 4;
/** Short, so failed messages come back quickly; the trigger keeps running ones hidden by extending it. */
const VISIBILITY_TIMEOUT = 10;
/** At least both workers' concurrency (2 × 10): the trigger's cap, not the workers, would limit otherwise. */
const MAX_CONCURRENT_EXECUTIONS = 40;
const DRAIN_TIMEOUT_MS = 240_000;
/**
 * The kill workflow's Max Execution Time: far above any run here (seconds, Redis wait included), low enough that
 * an execution n8n loses track of comes back within the drain timeout. n8n 2.40.7 loses one when the worker dies
 * after saving a successful run and before telling the main process: main then never settles the run.
 */
const KILL_MAX_EXECUTION_TIME = 30;

let emulator: Emulator;
let cluster: Cluster;
let loadQueue: string;
let killQueue: string;

beforeAll(async () => {
	emulator = await startEmulator();
	loadQueue = emulator.sqs.createQueue('queue-mode-load', { maxReceiveCount: MAX_RECEIVE_COUNT });
	killQueue = emulator.sqs.createQueue('queue-mode-kill', { maxReceiveCount: 10 });
	const trigger = {
		maxConcurrentExecutions: MAX_CONCURRENT_EXECUTIONS,
		visibilityTimeout: VISIBILITY_TIMEOUT,
	};
	cluster = await startCluster({
		mode: 'queue',
		tarball: process.env.N8N_E2E_TARBALL!,
		credentials: [emulatorCredential(emulator)],
		workflows: [
			callbackWorkflow(LOAD_WORKFLOW, loadQueue, trigger),
			callbackWorkflow(KILL_WORKFLOW, killQueue, {
				...trigger,
				maxExecutionTime: KILL_MAX_EXECUTION_TIME,
			}),
		],
		activate: [LOAD_WORKFLOW, KILL_WORKFLOW],
		workers: 2,
		workerConcurrency: 10,
	});
}, 600_000);

afterAll(async () => {
	// Every process's log, for reading a failed run after the fact (CI keeps .artifacts).
	if (cluster) {
		const dir = join('.artifacts', 'queue-logs');
		mkdirSync(dir, { recursive: true });
		for (const proc of cluster.n8n.processes)
			writeFileSync(join(dir, `${proc.label.replace(/\W+/g, '-')}.log`), proc.logs());
	}
	await cluster?.stop();
	await emulator?.close();
});

test('500 messages at once, 10 % failing: each step finished exactly once, failed messages come back, permanent failures end in the dead-letter queue', async () => {
	const since = Date.now();
	// Every 10th message fails: every 50th for good, the others on their first delivery only.
	const steps = queueCallbackSteps(emulator, loadQueue, 500, (index) =>
		index % 50 === 0 ? 1000 : index % 10 === 0 ? 2 : undefined,
	);
	const permanent = steps.filter((step) => step.failUntilReceive === 1000);
	const transient = steps.filter((step) => step.failUntilReceive === 2);
	const finishing = steps.filter((step) => step.failUntilReceive !== 1000);
	expect([permanent.length, transient.length, finishing.length]).toEqual([10, 40, 490]);

	const drain = await waitForDrain(
		emulator,
		loadQueue,
		finishing.map((step) => step.token),
		{
			since,
			timeoutMs: DRAIN_TIMEOUT_MS,
			onProgress: (done) =>
				log(`queue mode: ${done} steps finished after ${Date.now() - since} ms`),
		},
	);
	const p95 = drain.completionMs[Math.ceil(0.95 * drain.completionMs.length) - 1];
	log(
		`queue mode: 500 messages (50 failing): 95 % of the 490 steps finished after ${(p95 / 1000).toFixed(1)} s, the last after ${(drain.completionMs.at(-1)! / 1000).toFixed(1)} s; drained (permanent failures in the DLQ) after ${(drain.drainMs / 1000).toFixed(1)} s`,
	);
	log(
		`queue mode: executions per worker ${JSON.stringify(cluster.workerCounts().map((w) => [w.label, w.finished.length]))}`,
	);

	// AWS's view: each step that can finish did, exactly once; the permanent failures never did.
	for (const step of finishing) {
		expect(stepState(step)).toEqual({
			status: 'Succeeded',
			completions: 1,
			outputs: [{ Name: 'approvedBy', Value: 'n8n queue mode' }],
		});
	}
	for (const step of permanent)
		expect(stepState(step)).toEqual({ status: 'Executing', completions: 0, outputs: undefined });

	// SQS's view: nothing left in the queue; each finished message deleted once; the permanent ones in the DLQ,
	// received maxReceiveCount times.
	const stats = emulator.sqs.stats(loadQueue);
	expect({
		deleted: stats.deleted,
		movedToDlq: stats.movedToDlq,
		staleDeletes: stats.staleDeletes,
	}).toEqual({ deleted: 490, movedToDlq: 10, staleDeletes: 0 });
	const deadLetters = emulator.sqs.messages(emulator.sqs.queueUrl('queue-mode-load-dlq'));
	expect(deadLetters.map((message) => JSON.parse(message.body).token).sort()).toEqual(
		permanent.map((step) => step.token).sort(),
	);
	expect(deadLetters.map((message) => message.receiveCount)).toEqual(
		permanent.map(() => MAX_RECEIVE_COUNT),
	);

	// n8n's view: a successful execution for each finished step, and a second one only where SageMaker answered
	// it as a replay (the trigger heard too late that the first succeeded); a transient failure succeeded only on
	// a later delivery; a permanent one failed on every delivery n8n got to run.
	const runs = byToken(await tokenRuns(cluster.n8n.api, LOAD_WORKFLOW));
	const successes = (step: QueuedStep) =>
		(runs.get(step.token) ?? []).filter((run) => run.status === 'success');
	for (const step of finishing) {
		expect(successes(step).length).toBeGreaterThanOrEqual(1);
		expect(successes(step).length).toBeLessThanOrEqual(
			1 + emulator.sageMaker.step(step.token)!.replays,
		);
	}
	for (const step of transient)
		expect(successes(step).map((run) => run.receiveCount! >= 2)).not.toContain(false);
	for (const step of permanent) {
		const seen = runs.get(step.token) ?? [];
		expect(seen.length).toBeGreaterThanOrEqual(1);
		expect(
			seen.map((run) => run.status === 'error' && run.receiveCount! <= MAX_RECEIVE_COUNT),
		).not.toContain(false);
	}
	const failedRuns = [...runs.values()].flat().filter((run) => run.status !== 'success');
	log(
		`queue mode: n8n recorded ${failedRuns.length} failed executions (40 transient + 10 × up to ${MAX_RECEIVE_COUNT} permanent planned); ${countInMainLog(/could not run: /g)} messages were handed back because n8n could not start their execution; ${countInMainLog(/ended, but not how/g)} runs lost by n8n`,
	);
});

test('a worker killed mid-run, one run saved but not yet reported: the executions it held are declared lost or waited out, their messages come back and finish exactly once', async () => {
	// 100 ms per AWS call keeps each execution on its worker long enough to be caught by the kill.
	emulator.setLatency(100);
	try {
		const since = Date.now();
		const steps = queueCallbackSteps(emulator, killQueue, 200);
		const tokens = steps.map((step) => step.token);
		await until(
			() =>
				tokens.filter((token) => emulator.sageMaker.step(token)?.status === 'Succeeded').length >=
				50,
			'a quarter of the steps finished',
			120_000,
		);
		const logMark = cluster.n8n.logs().length;
		// The worst moment to die: after saving a successful run, before telling main over Redis. With Redis holding
		// back writes, the worker still runs and saves executions (SQLite) and then waits to report them; it dies waiting.
		const [doomed] = cluster.workers;
		const doomedLogMark = doomed.logs().length;
		const resumeRedis = await cluster.pauseRedisWrites(30_000);
		try {
			await until(
				() => doomed.logs().slice(doomedLogMark).includes('Worker finished execution'),
				'worker 1 saved a run it cannot report',
				30_000,
			);
			await cluster.killWorker(0);
		} finally {
			await resumeRedis();
		}
		const savedUnreported = [
			...doomed
				.logs()
				.slice(doomedLogMark)
				.matchAll(/Worker finished execution (\d+)/g),
		].map((match) => match[1]);
		log(
			`queue mode: killed worker 1 after ${Date.now() - since} ms, with executions ${savedUnreported.join(', ')} saved as successes and not reported`,
		);

		const drain = await waitForDrain(emulator, killQueue, tokens, {
			since,
			timeoutMs: DRAIN_TIMEOUT_MS,
		});
		log(
			`queue mode: 200 messages, one worker killed, drained in ${(drain.drainMs / 1000).toFixed(1)} s`,
		);

		for (const step of steps)
			expect(stepState(step)).toMatchObject({ status: 'Succeeded', completions: 1 });
		const stats = emulator.sqs.stats(killQueue);
		expect({
			deleted: stats.deleted,
			movedToDlq: stats.movedToDlq,
			staleDeletes: stats.staleDeletes,
		}).toEqual({ deleted: 200, movedToDlq: 0, staleDeletes: 0 });

		// n8n gave up on the executions the killed worker held (Bull found their jobs stalled) and failed them, and
		// the trigger left their messages; each came back and succeeded on the surviving worker.
		const runs = await tokenRuns(cluster.n8n.api, KILL_WORKFLOW);
		const gaveUp = runs
			.filter(
				(run) =>
					run.status === 'error' && /failed to be processed too many times/.test(run.error ?? ''),
			)
			.map((run) => run.executionId);
		// What the worker had started and not finished when it died (its log is complete now); it may also have
		// taken jobs it had not logged yet, so n8n may have given up on more.
		const [killed] = cluster.workerCounts();
		const lost = killed.started.filter((id) => !killed.finished.includes(id));
		expect(lost.length).toBeGreaterThan(0);
		// n8n's own verdict on each lost execution depends on when its stalled-job check runs (an execution can
		// still be 'running' or 'crashed' when the drain ends); what the user relies on is checked above and below:
		// every step finished once, and every message whose execution did not succeed came back and succeeded.
		const mainLog = cluster.n8n.logs().slice(logMark);
		const messagesLogged = (pattern: RegExp) =>
			[...mainLog.matchAll(pattern)].map((match) => match[1]);
		const failedMessages = messagesLogged(
			/Execution for SQS message (\S+) ended with status "error"/g,
		);
		expect(failedMessages.length).toBeGreaterThanOrEqual(gaveUp.length);
		for (const messageId of failedMessages) {
			const succeeded = runs.filter(
				(run) => run.messageId === messageId && run.status === 'success',
			);
			expect(succeeded.length).toBeGreaterThanOrEqual(1);
			expect(succeeded.map((run) => run.receiveCount! >= 2)).not.toContain(false);
		}
		// The runs saved but never reported: n8n (2.40.7) found their jobs stalled, saw successes saved, and never
		// settled the trigger's wait (nor its own: main keeps them as active executions, which its API then leaves
		// out); after Max Execution Time the trigger let their messages come back, to run again as replays.
		const lostTrack = messagesLogged(
			/The execution for SQS message (\S+) did not end within Max Execution Time/g,
		);
		expect(lostTrack.length).toBeGreaterThanOrEqual(savedUnreported.length);
		expect(lostTrack.filter((messageId) => failedMessages.includes(messageId))).toEqual([]);
		for (const messageId of lostTrack) {
			expect(
				runs.filter(
					(run) =>
						run.messageId === messageId && run.status === 'success' && run.receiveCount! >= 2,
				).length,
			).toBeGreaterThanOrEqual(1);
		}
		const replays = steps.filter((step) => emulator.sageMaker.step(step.token)!.replays > 0).length;
		log(
			`queue mode: worker 1 died holding executions ${lost.join(', ')}; n8n gave up on ${gaveUp.join(', ')}; ${failedMessages.length} messages came back after n8n failed their execution, ` +
				`${lostTrack.length} after n8n lost track of it (Max Execution Time); ${replays} steps were answered as replays (finished before the kill, sent again after)`,
		);
	} finally {
		emulator.setLatency(0);
	}
});

function stepState(step: QueuedStep) {
	const view = emulator.sageMaker.step(step.token);
	return { status: view?.status, completions: view?.completions, outputs: view?.outputParameters };
}

/** Trigger log lines of the main process: "could not run" (n8n refused to start the execution, SQLite busy mostly)
 * and "ended, but not how" (n8n lost the run, see executionOutcome.ts) hand the message back. */
function countInMainLog(pattern: RegExp): number {
	return cluster.n8n.logs().match(pattern)?.length ?? 0;
}
