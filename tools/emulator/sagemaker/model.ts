/**
 * SageMaker Pipelines state: pipelines, their executions and each execution's step runs, with the lifecycle
 * SageMaker gives them, plus the model API tests use to set up and inspect that state.
 *
 * Lifecycle: an execution runs its pipeline's steps one after another (no DAG, no parallelism). A non-callback
 * step succeeds at once or after `durationMs` (or fails when scripted to); a callback step waits with a fresh
 * 10-character token, its SQS message sent to the step's queue, until SendPipelineExecutionStepSuccess/Failure.
 * All steps succeeded → Succeeded; a failed step → Failed. Stop → Stopping (pending callback steps get a second
 * message with status "Stopping" and still wait) → Stopped once none is pending. Retry restarts failed and stopped
 * steps (AttemptCount + 1, new callback tokens).
 *
 * Errors thrown here are the wire errors; the handlers in callback.ts and pipelines.ts only validate and map.
 */
import { ApiError } from '../errors';
import { ALNUM, LOWER_ALNUM, randomString } from '../ids';
import { ModelRegistry } from './modelRegistry';

export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

export interface OutputDeclaration {
	name: string;
	type?: 'String' | 'Integer' | 'Boolean' | 'Float';
}

export interface StepDefinition {
	name: string;
	/** 'Callback' waits for a token; anything else ('Processing', 'Training', 'Condition'...) runs by itself. */
	type: string;
	outputs?: OutputDeclaration[];
	/** Callback steps: the `arguments` object of the SQS message. */
	arguments?: Record<string, unknown>;
	/** Callback steps: the queue to put the message in; the pipeline's queueUrl when absent. */
	queueUrl?: string;
	/** Non-callback steps: how long they run; the model's default step duration when absent. */
	durationMs?: number;
	/** Non-callback steps: make the step fail with this reason... */
	failureReason?: string;
	/** ...on its first N attempts only (all attempts when absent), so RetryPipelineExecution can succeed. */
	failAttempts?: number;
}

export interface PipelineDefinition {
	name: string;
	steps: StepDefinition[];
	queueUrl?: string;
	displayName?: string;
	description?: string;
	roleArn?: string;
}

export interface Pipeline extends PipelineDefinition {
	arn: string;
	creationTime: number;
	lastModifiedTime: number;
	lastExecutionTime?: number;
}

export interface CallbackState {
	token: string;
	queueUrl?: string;
	arguments: Record<string, unknown>;
	outputParameters?: Array<{ Name: string; Value: string }>;
	failureReason?: string;
	/** Completions that changed state: 0 or 1. */
	completions: number;
	/** Repeats answered from the idempotency record (same ClientRequestToken, same payload). */
	replays: number;
	clientRequestToken?: string;
}

export interface StepRun {
	name: string;
	type: string;
	status: StepStatus;
	startTime: number;
	endTime?: number;
	failureReason?: string;
	attemptCount: number;
	callback?: CallbackState;
	timer?: NodeJS.Timeout;
}

export interface Execution {
	arn: string;
	id: string;
	pipeline: Pipeline;
	/** What this execution runs: the pipeline's steps, or steps added one by one by createCallbackStep. */
	definitions: StepDefinition[];
	displayName: string;
	description?: string;
	status: ExecutionStatus;
	failureReason?: string;
	parameters: Array<{ Name: string; Value: string }>;
	parallelism?: { MaxParallelExecutionSteps: number };
	selectiveExecutionConfig?: unknown;
	creationTime: number;
	lastModifiedTime: number;
	runs: StepRun[];
}

export interface StepView {
	token: string;
	status: StepStatus;
	outputParameters?: Array<{ Name: string; Value: string }>;
	failureReason?: string;
	completions: number;
	replays: number;
	clientRequestToken?: string;
	pipelineExecutionArn: string;
	stepName: string;
	arguments: Record<string, unknown>;
}

/** Where callback messages go: the SQS model's sendMessage, wired in index.ts. */
export type MessageSink = (queueUrl: string, body: string) => void;

export const sageMakerError = {
	validation: (message: string) => new ApiError('ValidationException', message, 400),
	notFound: (message: string) =>
		new ApiError('ResourceNotFound', message, 400, { messageKey: 'Message' }),
	conflict: (message: string) =>
		new ApiError('ConflictException', message, 400, { messageKey: 'Message' }),
};

/** One record per ClientRequestToken: the same request again gets the same answer, a different one an error. */
export class IdempotencyStore {
	private readonly records = new Map<string, { fingerprint: string; response: unknown }>();

	/** Returns the stored response for a repeat, undefined for a new token; throws on a reuse with other input. */
	replay(scope: string, token: string | undefined, fingerprint: string): unknown {
		if (token === undefined) return undefined;
		const record = this.records.get(`${scope}\n${token}`);
		if (!record) return undefined;
		if (record.fingerprint !== fingerprint) {
			throw sageMakerError.validation(
				`ClientRequestToken '${token}' was already used with different parameters; an idempotency token may be reused only for the identical request.`,
			);
		}
		return record.response;
	}

	remember(scope: string, token: string | undefined, fingerprint: string, response: unknown): void {
		if (token !== undefined) this.records.set(`${scope}\n${token}`, { fingerprint, response });
	}

	clear(): void {
		this.records.clear();
	}
}

export class SageMakerModel {
	readonly pipelines = new Map<string, Pipeline>();
	readonly executions = new Map<string, Execution>();
	readonly idempotency = new IdempotencyStore();
	private readonly tokens = new Map<string, { execution: Execution; run: StepRun }>();
	/** What a token's step looked like when a retry replaced the token. */
	private readonly superseded = new Map<string, StepView>();
	private defaultStepDurationMs = 0;
	/** Model package groups and packages (modelRegistry.ts): what RegisterModel steps leave for approval. */
	readonly registry: ModelRegistry;

	constructor(
		private readonly region: string,
		private readonly accountId: string,
		private readonly sink: MessageSink,
		private readonly clock: () => number = Date.now,
	) {
		this.registry = new ModelRegistry(region, accountId, clock);
	}

	/** How long non-callback steps run when their definition says nothing (0: they finish synchronously). */
	setStepDurationMs(ms: number): void {
		this.defaultStepDurationMs = ms;
	}

	pipelineArn(name: string): string {
		// SageMaker lower-cases pipeline names in ARNs.
		return `arn:aws:sagemaker:${this.region}:${this.accountId}:pipeline/${name.toLowerCase()}`;
	}

	createPipeline(definition: PipelineDefinition): string {
		if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/.test(definition.name)) {
			throw new Error(`createPipeline: '${definition.name}' is not a valid pipeline name`);
		}
		const names = new Set<string>();
		for (const step of definition.steps) {
			if (names.has(step.name))
				throw new Error(`createPipeline: step name '${step.name}' is used twice`);
			names.add(step.name);
		}
		const now = this.clock();
		const arn = this.pipelineArn(definition.name);
		const existing = this.pipelines.get(arn);
		this.pipelines.set(arn, {
			...definition,
			steps: definition.steps.map((s) => ({ ...s })),
			arn,
			creationTime: existing?.creationTime ?? now,
			lastModifiedTime: now,
			lastExecutionTime: existing?.lastExecutionTime,
		});
		return arn;
	}

	/** Finds a pipeline by name or ARN (names are case-insensitive, as their ARNs are). */
	findPipeline(nameOrArn: string): Pipeline | undefined {
		return this.pipelines.get(
			nameOrArn.startsWith('arn:') ? nameOrArn.toLowerCase() : this.pipelineArn(nameOrArn),
		);
	}

	/** Starts an execution of a pipeline, as StartPipelineExecution does. */
	startExecution(
		pipeline: Pipeline,
		options: Partial<
			Pick<
				Execution,
				'displayName' | 'description' | 'parameters' | 'parallelism' | 'selectiveExecutionConfig'
			>
		> = {},
	): Execution {
		const execution = this.newExecution(pipeline, pipeline.steps, options);
		this.advance(execution);
		return execution;
	}

	/**
	 * A callback step waiting for its token, for tests of the callback operations. Without `executionArn` it gets
	 * an execution of its own (its pipeline created if needed); with it, it joins that execution.
	 */
	createCallbackStep(
		options: {
			pipelineName?: string;
			stepName?: string;
			arguments?: Record<string, unknown>;
			outputs?: OutputDeclaration[];
			queueUrl?: string;
			executionArn?: string;
		} = {},
	): { token: string; pipelineExecutionArn: string; stepName: string } {
		const stepName = options.stepName ?? 'CallbackStep';
		const definition: StepDefinition = {
			name: stepName,
			type: 'Callback',
			arguments: options.arguments ?? {},
			outputs: options.outputs,
			queueUrl: options.queueUrl,
		};
		let execution: Execution;
		if (options.executionArn) {
			const found = this.executions.get(options.executionArn);
			if (!found) throw new Error(`createCallbackStep: no execution ${options.executionArn}`);
			if (found.definitions.some((d) => d.name === stepName)) {
				throw new Error(`createCallbackStep: execution already has a step named ${stepName}`);
			}
			if (found.status !== 'Executing') {
				throw new Error(`createCallbackStep: execution is ${found.status}, not Executing`);
			}
			execution = found;
			execution.definitions.push(definition);
		} else {
			const pipelineName = options.pipelineName ?? 'emulator-pipeline';
			const pipeline =
				this.findPipeline(pipelineName) ??
				this.pipelines.get(this.createPipeline({ name: pipelineName, steps: [definition] }))!;
			execution = this.newExecution(pipeline, [definition], {});
		}
		const run = this.startStep(execution, definition, true);
		if (!run.callback)
			throw new Error(`createCallbackStep: the step failed to start: ${run.failureReason}`);
		return { token: run.callback.token, pipelineExecutionArn: execution.arn, stepName };
	}

	step(token: string): StepView | undefined {
		const old = this.superseded.get(token);
		if (old) return { ...old };
		const entry = this.tokens.get(token);
		const callback = entry?.run.callback;
		if (!entry || !callback) return undefined;
		const { run, execution } = entry;
		return {
			token,
			status: run.status,
			outputParameters: callback.outputParameters,
			failureReason: callback.failureReason ?? run.failureReason,
			completions: callback.completions,
			replays: callback.replays,
			clientRequestToken: callback.clientRequestToken,
			pipelineExecutionArn: execution.arn,
			stepName: run.name,
			arguments: callback.arguments,
		};
	}

	/** Completes a callback step; a token that is unknown, superseded or already used is ResourceNotFound. */
	completeCallback(
		token: string,
		outcome:
			| { outputParameters?: Array<{ Name: string; Value: string }> }
			| { failureReason: string },
		clientRequestToken: string | undefined,
	): Execution {
		const entry = this.tokens.get(token);
		const run = entry?.run;
		const pending =
			run?.callback?.token === token && (run.status === 'Executing' || run.status === 'Stopping');
		if (!entry || !run?.callback || !pending) {
			throw sageMakerError.notFound(
				'Callback token not found or already used: the step it belongs to is no longer waiting for a callback.',
			);
		}
		const now = this.clock();
		const callback = run.callback;
		callback.completions += 1;
		callback.clientRequestToken = clientRequestToken;
		run.endTime = now;
		if ('failureReason' in outcome) {
			callback.failureReason = outcome.failureReason;
			run.failureReason = outcome.failureReason;
			run.status = 'Failed';
		} else {
			callback.outputParameters = outcome.outputParameters ?? [];
			run.status = 'Succeeded';
		}
		entry.execution.lastModifiedTime = now;
		this.advance(entry.execution);
		return entry.execution;
	}

	noteReplay(token: string): void {
		const callback = this.tokens.get(token)?.run.callback;
		if (callback) callback.replays += 1;
	}

	/** StopPipelineExecution: only an Executing execution can be stopped. */
	stopExecution(arn: string): Execution {
		const execution = this.requireExecution(arn);
		if (execution.status !== 'Executing') {
			throw sageMakerError.conflict(
				`Pipeline execution ${arn} is ${execution.status}; only an Executing execution can be stopped.`,
			);
		}
		const now = this.clock();
		execution.status = 'Stopping';
		execution.lastModifiedTime = now;
		for (const run of execution.runs) {
			if (run.status !== 'Executing') continue;
			if (run.callback) {
				run.status = 'Stopping';
				if (run.callback.queueUrl) this.sendCallbackMessage(execution, run.callback, 'Stopping');
			} else {
				clearTimeout(run.timer);
				run.status = 'Stopped';
				run.endTime = now;
			}
		}
		this.advance(execution);
		return execution;
	}

	/** RetryPipelineExecution: only a Failed or Stopped execution can be retried. */
	retryExecution(arn: string, parallelism?: { MaxParallelExecutionSteps: number }): Execution {
		const execution = this.requireExecution(arn);
		if (execution.status !== 'Failed' && execution.status !== 'Stopped') {
			throw sageMakerError.conflict(
				`Pipeline execution ${arn} is ${execution.status}; only a Failed or Stopped execution can be retried.`,
			);
		}
		for (const run of execution.runs) {
			if (run.status !== 'Failed' && run.status !== 'Stopped') continue;
			// The retry gives the step a new token; the old one keeps reporting the attempt it belonged to.
			if (run.callback) this.superseded.set(run.callback.token, this.step(run.callback.token)!);
			run.status = 'Starting';
		}
		execution.status = 'Executing';
		execution.failureReason = undefined;
		execution.lastModifiedTime = this.clock();
		if (parallelism) execution.parallelism = parallelism;
		this.advance(execution);
		return execution;
	}

	requireExecution(arn: string): Execution {
		const execution = this.executions.get(arn);
		if (!execution) throw sageMakerError.notFound(`Pipeline execution '${arn}' does not exist.`);
		return execution;
	}

	reset(): void {
		for (const execution of this.executions.values())
			for (const run of execution.runs) clearTimeout(run.timer);
		this.pipelines.clear();
		this.executions.clear();
		this.tokens.clear();
		this.superseded.clear();
		this.idempotency.clear();
		this.registry.reset();
		this.defaultStepDurationMs = 0;
	}

	private newExecution(
		pipeline: Pipeline,
		definitions: StepDefinition[],
		options: Partial<
			Pick<
				Execution,
				'displayName' | 'description' | 'parameters' | 'parallelism' | 'selectiveExecutionConfig'
			>
		>,
	): Execution {
		const now = this.clock();
		const id = randomString(LOWER_ALNUM, 12);
		const execution: Execution = {
			arn: `${pipeline.arn}/execution/${id}`,
			id,
			pipeline,
			definitions: definitions.map((d) => ({ ...d })),
			displayName: options.displayName ?? `execution-${now}`,
			description: options.description,
			status: 'Executing',
			parameters: options.parameters ?? [],
			parallelism: options.parallelism,
			selectiveExecutionConfig: options.selectiveExecutionConfig,
			creationTime: now,
			lastModifiedTime: now,
			runs: [],
		};
		pipeline.lastExecutionTime = now;
		this.executions.set(execution.arn, execution);
		return execution;
	}

	/** Moves an execution forward as far as it can go without waiting. */
	private advance(execution: Execution): void {
		for (;;) {
			if (execution.status !== 'Executing' && execution.status !== 'Stopping') return;
			const waiting = execution.runs.some(
				(r) => r.status === 'Executing' || r.status === 'Stopping',
			);
			if (execution.status === 'Stopping') {
				if (!waiting) this.finish(execution, 'Stopped');
				return;
			}
			if (execution.runs.some((r) => r.status === 'Failed')) {
				this.finish(execution, 'Failed', 'Step failure: One or multiple steps failed.');
				return;
			}
			if (waiting) return;
			const next = execution.definitions.find((d) => {
				const run = execution.runs.find((r) => r.name === d.name);
				return !run || run.status === 'Starting';
			});
			if (!next) {
				this.finish(execution, 'Succeeded');
				return;
			}
			this.startStep(execution, next, false);
		}
	}

	private startStep(
		execution: Execution,
		definition: StepDefinition,
		standalone: boolean,
	): StepRun {
		const now = this.clock();
		let run = execution.runs.find((r) => r.name === definition.name);
		if (run) {
			run.attemptCount += 1;
			Object.assign(run, {
				status: 'Executing',
				startTime: now,
				endTime: undefined,
				failureReason: undefined,
			});
		} else {
			run = {
				name: definition.name,
				type: definition.type,
				status: 'Executing',
				startTime: now,
				attemptCount: 1,
			};
			execution.runs.push(run);
		}
		if (definition.type === 'Callback') {
			const token = this.freshToken();
			const queueUrl = definition.queueUrl ?? execution.pipeline.queueUrl;
			run.callback = {
				token,
				queueUrl,
				arguments: definition.arguments ?? {},
				completions: 0,
				replays: 0,
			};
			this.tokens.set(token, { execution, run });
			if (queueUrl) {
				try {
					this.sendCallbackMessage(execution, run.callback, 'Executing');
				} catch (error) {
					if (standalone) throw error;
					run.status = 'Failed';
					run.endTime = now;
					run.failureReason = `Could not send the callback message to ${queueUrl}: ${(error as Error).message}`;
				}
			}
			return run;
		}
		const fails =
			definition.failureReason !== undefined &&
			(definition.failAttempts === undefined || run.attemptCount <= definition.failAttempts);
		const finishRun = () => {
			run.timer = undefined;
			if (run.status !== 'Executing') return;
			run.status = fails ? 'Failed' : 'Succeeded';
			run.failureReason = fails ? definition.failureReason : undefined;
			run.endTime = this.clock();
			execution.lastModifiedTime = run.endTime;
		};
		const duration = definition.durationMs ?? this.defaultStepDurationMs;
		if (duration > 0) {
			run.timer = setTimeout(() => {
				finishRun();
				this.advance(execution);
			}, duration);
			run.timer.unref();
		} else {
			finishRun();
		}
		return run;
	}

	private finish(execution: Execution, status: ExecutionStatus, failureReason?: string): void {
		execution.status = status;
		execution.failureReason = failureReason;
		execution.lastModifiedTime = this.clock();
	}

	private sendCallbackMessage(
		execution: Execution,
		callback: CallbackState,
		status: 'Executing' | 'Stopping',
	): void {
		// Field order and names as SageMaker writes them (see DESIGN.md, "The callback message").
		const body = JSON.stringify({
			token: callback.token,
			pipelineExecutionArn: execution.arn,
			arguments: callback.arguments,
			status,
		});
		this.sink(callback.queueUrl!, body);
	}

	private freshToken(): string {
		for (;;) {
			const token = randomString(ALNUM, 10);
			if (!this.tokens.has(token)) return token;
		}
	}
}
