/**
 * Reading executions and their steps from SageMaker, and the item JSON users get for them:
 * Describe (optionally with the execution's parameters) and the paginated step list, shared by
 * Describe, List Steps, Get Pending Callback Steps and the wait of Start/Retry.
 */
import type { IDataObject } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../../../shared/arn';
import type { AwsClient, AwsResult } from '../../../shared/transport/awsRequest';
import { nameValueObject, toOutputObject } from '../../helpers/awsOutput';
import { collectPages } from '../../helpers/paginate';
import type { DescribedExecution } from '../../helpers/waitForExecution';

type NameValue = { Name: string; Value: string };

/** How every item names its execution: the ARN and, read from it, the pipeline name and execution id. */
export function executionRef(pipelineExecutionArn: string): IDataObject & { pipelineExecutionArn: string } {
	return { pipelineExecutionArn, ...parsePipelineExecutionArn(pipelineExecutionArn) };
}

/** What Start, Stop and Retry output: the execution acted on, the token used, AWS's request id. */
export function actedOn(
	response: AwsResult<{ PipelineExecutionArn?: string }>,
	pipelineExecutionArn: string,
	clientRequestToken: string,
): IDataObject & { pipelineExecutionArn: string } {
	const arn = response.output.PipelineExecutionArn ?? pipelineExecutionArn;
	return { ...executionRef(arn), clientRequestToken, awsRequestId: response.requestId };
}

/** The item for a described execution: AWS's members camel-cased, plus the parts of its ARN. */
export function executionJson(described: DescribedExecution, pipelineExecutionArn: string, requestId?: string): IDataObject {
	const arn = typeof described.PipelineExecutionArn === 'string' ? described.PipelineExecutionArn : pipelineExecutionArn;
	return {
		...toOutputObject(described),
		...executionRef(arn),
		...(requestId ? { awsRequestId: requestId } : {}),
	};
}

export async function describeExecution(
	client: AwsClient,
	pipelineExecutionArn: string,
	options: { includeParameters: boolean; signal?: AbortSignal },
): Promise<IDataObject> {
	const { output, requestId } = await client.call<DescribedExecution>({
		service: 'sagemaker',
		operation: 'DescribePipelineExecution',
		input: { PipelineExecutionArn: pipelineExecutionArn },
		signal: options.signal,
	});
	const json = executionJson(output, pipelineExecutionArn, requestId);
	if (!options.includeParameters) return json;
	// DescribePipelineExecution does not return the parameters; they have their own paginated call.
	const parameters = await collectPages<NameValue>(client, {
		operation: 'ListPipelineParametersForExecution',
		input: (nextToken, maxResults) => ({
			PipelineExecutionArn: pipelineExecutionArn,
			...(nextToken ? { NextToken: nextToken } : {}),
			MaxResults: maxResults,
		}),
		resultKey: 'PipelineParameters',
		signal: options.signal,
	});
	return { ...json, pipelineParameters: nameValueObject(parameters) };
}

export interface ExecutionStep {
	StepName?: string;
	StepStatus?: string;
	Metadata?: Record<string, unknown> & {
		Callback?: { CallbackToken?: string; SqsQueueUrl?: string; OutputParameters?: NameValue[] };
	};
	[member: string]: unknown;
}

export async function listExecutionSteps(
	client: AwsClient,
	pipelineExecutionArn: string,
	options: { limit?: number; sortOrder?: string; keep?: (step: ExecutionStep) => boolean; signal?: AbortSignal } = {},
): Promise<ExecutionStep[]> {
	return await collectPages<ExecutionStep>(client, {
		operation: 'ListPipelineExecutionSteps',
		input: (nextToken, maxResults) => ({
			PipelineExecutionArn: pipelineExecutionArn,
			...(nextToken ? { NextToken: nextToken } : {}),
			MaxResults: maxResults,
			...(options.sortOrder ? { SortOrder: options.sortOrder } : {}),
		}),
		resultKey: 'PipelineExecutionSteps',
		limit: options.limit,
		keep: options.keep,
		signal: options.signal,
	});
}

/**
 * The step list has no type member; the type shows in which Metadata member is set. Job steps
 * are named as in the pipeline definition ("Training", not "TrainingJob"); a step that has not
 * started yet has no metadata and no known type.
 */
const STEP_TYPES: Record<string, string> = {
	TrainingJob: 'Training',
	ProcessingJob: 'Processing',
	TransformJob: 'Transform',
	TuningJob: 'Tuning',
	AutoMLJob: 'AutoML',
};

export function stepType(step: ExecutionStep): string | undefined {
	const kind = Object.keys(step.Metadata ?? {})[0];
	return kind === undefined ? undefined : (STEP_TYPES[kind] ?? kind);
}

export function isPendingCallback(step: ExecutionStep, statuses: readonly string[]): boolean {
	return Boolean(step.Metadata?.Callback?.CallbackToken) && statuses.includes(step.StepStatus ?? '');
}

/** One step as an item: its members camel-cased, its type, and a callback step's token, queue and outputs on top. */
export function stepJson(step: ExecutionStep, pipelineExecutionArn: string): IDataObject {
	const { Metadata, ...members } = step;
	const callback = Metadata?.Callback;
	return {
		...executionRef(pipelineExecutionArn),
		...toOutputObject(members),
		stepType: stepType(step),
		...(callback
			? {
					callbackToken: callback.CallbackToken,
					sqsQueueUrl: callback.SqsQueueUrl,
					outputParameters: nameValueObject(callback.OutputParameters) ?? {},
				}
			: {}),
		metadata: toOutputObject(Metadata ?? {}),
	};
}
