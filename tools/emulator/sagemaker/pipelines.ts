/**
 * The pipeline-execution operations on the wire: ListPipelines, StartPipelineExecution, DescribePipelineExecution,
 * ListPipelineExecutions, ListPipelineExecutionSteps, ListPipelineParametersForExecution, StopPipelineExecution,
 * RetryPipelineExecution.
 *
 * Each validates against botocore's shape, applies ClientRequestToken idempotency where the API has one, asks
 * the model (model.ts) to act, and renders the answer with botocore's member names. Lists page with MaxResults
 * (default 10, as SageMaker's list APIs) and an opaque NextToken bound to the query it came from; a token from
 * another query is a ValidationException. SelectiveExecutionConfig and PipelineVersionId are accepted and echoed,
 * not acted on; pipeline parameters are not checked against declared ones (the model declares none).
 */
import { createHash } from 'node:crypto';
import type { OperationHandler } from '../server';
import {
	sageMakerError,
	type Execution,
	type Pipeline,
	type SageMakerModel,
	type StepRun,
} from './model';
import {
	checkRequest,
	DescribePipelineExecutionRequest,
	ListPipelineParametersForExecutionRequest,
	ListPipelineExecutionStepsRequest,
	ListPipelineExecutionsRequest,
	ListPipelinesRequest,
	RetryPipelineExecutionRequest,
	StartPipelineExecutionRequest,
	StopPipelineExecutionRequest,
} from './shapes';

const DEFAULT_MAX_RESULTS = 10;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

/** JSON with object keys sorted at every depth, so that member order does not make two requests differ. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v !== null && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
			: v,
	);
}

/** The request minus its idempotency token: what must match for a repeat to be the same request. */
function fingerprint(input: Record<string, unknown>): string {
	const { ClientRequestToken: _ignored, ...rest } = input;
	return canonicalJson(rest);
}

function queryKey(operation: string, input: Record<string, unknown>): string {
	const { NextToken: _token, MaxResults: _max, ...rest } = input;
	return createHash('sha256')
		.update(operation)
		.update(canonicalJson(rest))
		.digest('hex')
		.slice(0, 16);
}

export function paginate<T>(
	operation: string,
	input: { NextToken?: string; MaxResults?: number } & Record<string, unknown>,
	items: T[],
) {
	const key = queryKey(operation, input);
	let offset = 0;
	if (input.NextToken) {
		let decoded: { o?: unknown; q?: unknown } = {};
		try {
			decoded = JSON.parse(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
		} catch {
			// fall through to the error below
		}
		if (typeof decoded.o !== 'number' || decoded.q !== key) {
			throw sageMakerError.validation(
				'The NextToken is not valid for this request: pass the token from the previous page of the same query.',
			);
		}
		offset = decoded.o;
	}
	const max = input.MaxResults ?? DEFAULT_MAX_RESULTS;
	const page = items.slice(offset, offset + max);
	const next =
		offset + max < items.length
			? Buffer.from(JSON.stringify({ o: offset + max, q: key })).toString('base64url')
			: undefined;
	return { page, nextToken: next };
}

/** Sorts ascending by the key (ties broken by the second), then reverses unless Ascending: AWS's default is Descending. */
export function ordered<T>(
	items: T[],
	key: (item: T) => number | string,
	tieBreak: (item: T) => string,
	order: string | undefined,
): T[] {
	const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
	const sorted = [...items].sort(
		(a, b) => compare(key(a), key(b)) || compare(tieBreak(a), tieBreak(b)),
	);
	return order === 'Ascending' ? sorted : sorted.reverse();
}

function inWindow(time: number, input: { CreatedAfter?: number; CreatedBefore?: number }): boolean {
	if (input.CreatedAfter !== undefined && time <= input.CreatedAfter * 1000) return false;
	if (input.CreatedBefore !== undefined && time >= input.CreatedBefore * 1000) return false;
	return true;
}

function requirePipeline(model: SageMakerModel, nameOrArn: string): Pipeline {
	const pipeline = model.findPipeline(nameOrArn);
	if (!pipeline) {
		const arn = nameOrArn.startsWith('arn:') ? nameOrArn : model.pipelineArn(nameOrArn);
		throw sageMakerError.notFound(`Pipeline '${arn}' does not exist.`);
	}
	return pipeline;
}

const STEP_METADATA: Record<
	string,
	(execution: Execution, run: StepRun) => Record<string, unknown>
> = {
	Processing: (e, r) => ({ ProcessingJob: { Arn: jobArn(e, r, 'processing-job') } }),
	Training: (e, r) => ({ TrainingJob: { Arn: jobArn(e, r, 'training-job') } }),
	Transform: (e, r) => ({ TransformJob: { Arn: jobArn(e, r, 'transform-job') } }),
	Tuning: (e, r) => ({ TuningJob: { Arn: jobArn(e, r, 'hyper-parameter-tuning-job') } }),
	Condition: () => ({ Condition: { Outcome: 'True' } }),
	Fail: (_e, r) => ({ Fail: { ErrorMessage: r.failureReason ?? '' } }),
};

function jobArn(execution: Execution, run: StepRun, kind: string): string {
	const name = `pipelines-${execution.id}-${run.name}`.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63);
	return execution.pipeline.arn.replace(/:pipeline\/.*$/, `:${kind}/${name.toLowerCase()}`);
}

function renderStep(execution: Execution, run: StepRun) {
	const metadata = run.callback
		? {
				Callback: {
					CallbackToken: run.callback.token,
					...(run.callback.queueUrl ? { SqsQueueUrl: run.callback.queueUrl } : {}),
					OutputParameters: run.callback.outputParameters ?? [],
				},
			}
		: (STEP_METADATA[run.type]?.(execution, run) ?? {});
	return {
		StepName: run.name,
		StartTime: seconds(run.startTime),
		EndTime: seconds(run.endTime),
		StepStatus: run.status,
		FailureReason: run.failureReason,
		Metadata: metadata,
		AttemptCount: run.attemptCount,
	};
}

export function pipelineOperations(model: SageMakerModel): Record<string, OperationHandler> {
	return {
		ListPipelines(input) {
			checkRequest(ListPipelinesRequest, input);
			const matching = [...model.pipelines.values()].filter(
				(p) =>
					(!input.PipelineNamePrefix || p.name.startsWith(input.PipelineNamePrefix)) &&
					inWindow(p.creationTime, input),
			);
			const sorted = ordered(
				matching,
				input.SortBy === 'Name' ? (p) => p.name : (p) => p.creationTime,
				(p) => p.name,
				input.SortOrder,
			);
			const { page, nextToken } = paginate('ListPipelines', input, sorted);
			return {
				PipelineSummaries: page.map((p) => ({
					PipelineArn: p.arn,
					PipelineName: p.name,
					PipelineDisplayName: p.displayName ?? p.name,
					PipelineDescription: p.description,
					RoleArn: p.roleArn,
					CreationTime: seconds(p.creationTime),
					LastModifiedTime: seconds(p.lastModifiedTime),
					LastExecutionTime: seconds(p.lastExecutionTime),
				})),
				NextToken: nextToken,
			};
		},

		StartPipelineExecution(input) {
			checkRequest(StartPipelineExecutionRequest, input);
			const print = fingerprint(input);
			const replayed = model.idempotency.replay(
				'StartPipelineExecution',
				input.ClientRequestToken,
				print,
			);
			if (replayed !== undefined) return replayed;
			const pipeline = requirePipeline(model, input.PipelineName);
			const names = new Set<string>();
			for (const parameter of input.PipelineParameters ?? []) {
				if (names.has(parameter.Name))
					throw sageMakerError.validation(
						`Pipeline parameter '${parameter.Name}' is given more than once.`,
					);
				names.add(parameter.Name);
			}
			const execution = model.startExecution(pipeline, {
				displayName: input.PipelineExecutionDisplayName,
				description: input.PipelineExecutionDescription,
				parameters: input.PipelineParameters,
				parallelism: input.ParallelismConfiguration,
				selectiveExecutionConfig: input.SelectiveExecutionConfig,
			});
			const response = { PipelineExecutionArn: execution.arn };
			model.idempotency.remember(
				'StartPipelineExecution',
				input.ClientRequestToken,
				print,
				response,
			);
			return response;
		},

		DescribePipelineExecution(input) {
			checkRequest(DescribePipelineExecutionRequest, input);
			const e = model.requireExecution(input.PipelineExecutionArn);
			return {
				PipelineArn: e.pipeline.arn,
				PipelineExecutionArn: e.arn,
				PipelineExecutionDisplayName: e.displayName,
				PipelineExecutionStatus: e.status,
				PipelineExecutionDescription: e.description,
				PipelineExperimentConfig: {
					ExperimentName: e.pipeline.name.toLowerCase(),
					TrialName: e.id,
				},
				FailureReason: e.failureReason,
				CreationTime: seconds(e.creationTime),
				LastModifiedTime: seconds(e.lastModifiedTime),
				CreatedBy: {},
				LastModifiedBy: {},
				ParallelismConfiguration: e.parallelism,
				SelectiveExecutionConfig: e.selectiveExecutionConfig,
				PipelineVersionId: 1,
			};
		},

		ListPipelineParametersForExecution(input) {
			checkRequest(ListPipelineParametersForExecutionRequest, input);
			const execution = model.requireExecution(input.PipelineExecutionArn);
			const { page, nextToken } = paginate(
				'ListPipelineParametersForExecution',
				input,
				execution.parameters,
			);
			return { PipelineParameters: page, NextToken: nextToken };
		},

		ListPipelineExecutions(input) {
			checkRequest(ListPipelineExecutionsRequest, input);
			const pipeline = requirePipeline(model, input.PipelineName);
			const matching = [...model.executions.values()].filter(
				(e) => e.pipeline === pipeline && inWindow(e.creationTime, input),
			);
			const sorted = ordered(
				matching,
				input.SortBy === 'PipelineExecutionArn' ? (e) => e.arn : (e) => e.creationTime,
				(e) => e.arn,
				input.SortOrder,
			);
			const { page, nextToken } = paginate('ListPipelineExecutions', input, sorted);
			return {
				PipelineExecutionSummaries: page.map((e) => ({
					PipelineExecutionArn: e.arn,
					StartTime: seconds(e.creationTime),
					PipelineExecutionStatus: e.status,
					PipelineExecutionDescription: e.description,
					PipelineExecutionDisplayName: e.displayName,
					PipelineExecutionFailureReason: e.failureReason,
				})),
				NextToken: nextToken,
			};
		},

		ListPipelineExecutionSteps(input) {
			checkRequest(ListPipelineExecutionStepsRequest, input);
			if (!input.PipelineExecutionArn) {
				throw sageMakerError.validation(
					'PipelineExecutionArn is required to list the steps of an execution.',
				);
			}
			const execution = model.requireExecution(input.PipelineExecutionArn);
			const runs = ordered(
				execution.runs,
				(r) => r.startTime,
				(r) => String(execution.runs.indexOf(r)).padStart(6, '0'),
				input.SortOrder,
			);
			const { page, nextToken } = paginate('ListPipelineExecutionSteps', input, runs);
			return {
				PipelineExecutionSteps: page.map((run) => renderStep(execution, run)),
				NextToken: nextToken,
			};
		},

		StopPipelineExecution(input) {
			checkRequest(StopPipelineExecutionRequest, input);
			const print = fingerprint(input);
			const replayed = model.idempotency.replay(
				'StopPipelineExecution',
				input.ClientRequestToken,
				print,
			);
			if (replayed !== undefined) return replayed;
			const execution = model.stopExecution(input.PipelineExecutionArn);
			const response = { PipelineExecutionArn: execution.arn };
			model.idempotency.remember(
				'StopPipelineExecution',
				input.ClientRequestToken,
				print,
				response,
			);
			return response;
		},

		RetryPipelineExecution(input) {
			checkRequest(RetryPipelineExecutionRequest, input);
			const print = fingerprint(input);
			const replayed = model.idempotency.replay(
				'RetryPipelineExecution',
				input.ClientRequestToken,
				print,
			);
			if (replayed !== undefined) return replayed;
			const execution = model.retryExecution(
				input.PipelineExecutionArn,
				input.ParallelismConfiguration,
			);
			const response = { PipelineExecutionArn: execution.arn };
			model.idempotency.remember(
				'RetryPipelineExecution',
				input.ClientRequestToken,
				print,
				response,
			);
			return response;
		},
	};
}
