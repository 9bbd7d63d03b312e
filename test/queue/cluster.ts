/**
 * n8n the way large teams run it, on this machine: Redis, one main process with EXECUTIONS_MODE=queue (editor,
 * API, triggers: our trigger polls SQS here and hands each execution to Redis) and `n8n worker` processes that
 * run the executions. Every process has our packed package installed as a user installs it (the runner's
 * `.n8n/nodes`; main and workers share the user folder, so one install serves all — in Docker each image needs
 * it, see docs/queue-mode.md). The same call with `mode: 'regular'` starts a single n8n, for comparison.
 *
 * Duty: start Redis (queue mode), PostgreSQL (if asked), main, workers; resolve once every worker said it is
 * ready; count what each worker started and finished (from its log); kill a worker like a crash does (SIGKILL to
 * its process group); stop everything, always, in order (workers, main, Redis, PostgreSQL).
 *
 * Limits: SQLite by default (n8n warns that queue mode is not officially supported with it: now and then a process
 * gets SQLITE_BUSY and the trigger hands the message back); PostgreSQL on request, where this machine has it.
 * Bull's lock and stall timings are shortened unless told otherwise (`FAST_STALL_DETECTION`), so a killed worker's
 * jobs are declared lost within ~15 s instead of n8n's 60–90 s; nothing else differs from n8n's defaults.
 */
import { startN8n, type ManagedProcess, type N8nInstance } from '../e2e/runner';
import { sleep, tail } from '../e2e/runner/processes';
import { startPostgres, type PostgresServer } from './postgres';
import { answers } from './localServer';
import { startRedis, type RedisServer } from './redis';

/**
 * A worker holds a lock on each job it runs and renews it every QUEUE_WORKER_LOCK_RENEW_TIME; a job whose lock
 * lapsed (QUEUE_WORKER_LOCK_DURATION) is found by the next stalled-job check (QUEUE_WORKER_STALLED_INTERVAL) and,
 * n8n setting Bull's maxStalledCount to 0, failed rather than run again. n8n's defaults: 60 s, 10 s, 30 s.
 */
export const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
} as const;

const WORKER_READY = 'n8n worker is now ready';
const WORKER_READY_TIMEOUT_MS = 120_000;

export interface ClusterOptions {
	mode: 'queue' | 'regular';
	tarball: string;
	credentials: object[];
	workflows: object[];
	/** Published once the main process (and, in queue mode, every worker) is ready. */
	activate: string[];
	/** Queue mode: how many `n8n worker` processes (default 2). */
	workers?: number;
	/** Queue mode: jobs each worker runs at once (`--concurrency`, n8n's default 10). */
	workerConcurrency?: number;
	/** Default sqlite (the runner's); postgres starts a throwaway PostgreSQL (postgres.ts) for every process. */
	database?: 'sqlite' | 'postgres';
	/** Queue mode: FAST_STALL_DETECTION (default true) or n8n's own timings. */
	fastStallDetection?: boolean;
	env?: Record<string, string>;
}

export interface WorkerCounts {
	label: string;
	started: string[];
	finished: string[];
}

export interface Cluster {
	mode: 'queue' | 'regular';
	n8n: N8nInstance;
	redis?: RedisServer;
	postgres?: PostgresServer;
	workers: ManagedProcess[];
	/** Execution ids each worker logged as started and as finished, so far. */
	workerCounts(): WorkerCounts[];
	/** SIGKILL to the worker's whole process group (n8n and its task runner), as a crash or an OOM kill does. */
	killWorker(index: number): Promise<void>;
	/**
	 * Queue mode: Redis holds back every write (`CLIENT PAUSE ms WRITE`: writes, scripts and publishes wait, reads
	 * are served), so n8n processes go on with what needs only reads while Bull and the progress channel stand
	 * still; it ends after `ms` at the latest, or when the returned function is called.
	 */
	pauseRedisWrites(ms: number): Promise<() => Promise<void>>;
	stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
	const queue = options.mode === 'queue';
	let redis: RedisServer | undefined;
	let postgres: PostgresServer | undefined;
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.stop();
		await redis?.stop();
		await postgres?.stop();
	};
	try {
		if (queue) redis = await startRedis();
		if (options.database === 'postgres') postgres = await startPostgres();
		const workerCount = queue ? (options.workers ?? 2) : 0;
		n8n = await startN8n({
			tarball: options.tarball,
			credentials: options.credentials,
			workflows: options.workflows,
			mode: options.mode,
			env: {
				...redis?.n8nEnv,
				...postgres?.n8nEnv,
				...(queue && (options.fastStallDetection ?? true) ? FAST_STALL_DETECTION : {}),
				...options.env,
			},
			extraProcesses: Array.from({ length: workerCount }, (_, index) => ({
				label: `worker ${index + 1}`,
				args: ['worker', `--concurrency=${options.workerConcurrency ?? 10}`],
			})),
		});
		const workers = n8n.processes.slice(1);
		await Promise.all(workers.map(async (worker) => await waitForWorker(worker)));
		// Workers first: a trigger that starts polling with none ready piles jobs up in Redis.
		for (const workflowId of options.activate) await n8n.api.activateWorkflow(workflowId);
		return {
			mode: options.mode,
			n8n,
			redis,
			postgres,
			workers,
			workerCounts: () => workers.map((worker) => countExecutions(worker)),
			async killWorker(index) {
				const worker = workers[index];
				process.kill(-worker.pid, 'SIGKILL');
				await worker.exited;
			},
			async pauseRedisWrites(ms) {
				if (!redis) throw new Error('pauseRedisWrites: no Redis in regular mode');
				const { port } = redis;
				if (!(await answers(port, `CLIENT PAUSE ${ms} WRITE\r\n`, '+OK')))
					throw new Error(`Redis ${port} refused CLIENT PAUSE`);
				return async () => {
					await answers(port, 'CLIENT UNPAUSE\r\n', '+OK');
				};
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

async function waitForWorker(worker: ManagedProcess): Promise<void> {
	const deadline = Date.now() + WORKER_READY_TIMEOUT_MS;
	while (!worker.logs().includes(WORKER_READY)) {
		if (!worker.isRunning())
			throw new Error(
				`${worker.label} exited before it was ready (exit ${await worker.exited}):\n${tail(worker.logs())}`,
			);
		if (Date.now() > deadline)
			throw new Error(
				`${worker.label} not ready within ${WORKER_READY_TIMEOUT_MS} ms:\n${tail(worker.logs())}`,
			);
		await sleep(200);
	}
}

function countExecutions(worker: ManagedProcess): WorkerCounts {
	const logs = worker.logs();
	const ids = (pattern: RegExp) => [...logs.matchAll(pattern)].map((match) => match[1]);
	return {
		label: worker.label,
		started: ids(/Worker started execution (\d+)/g),
		finished: ids(/Worker finished execution (\d+)/g),
	};
}
