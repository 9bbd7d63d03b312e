/**
 * The SageMaker actions the node uses, on the package's one request path (AwsClient: JSON 1.1
 * protocol, signed with the credential, retried like the SDK's standard mode): one typed function
 * per action, the paging of the List* actions, and the ConflictException retry of Start, Stop and
 * Retry. Requests are given with AWS's member names camel-cased and sent with the members in the
 * order the AWS SDK serializes them, so the bytes on the wire are the SDK's; a member left
 * undefined is not sent. Answers keep AWS's member names: operations pass them on whole
 * (helpers/awsOutput.ts camel-cases them for the item). No checks of user input here (done
 * before, in the operations) and no decisions about what a user sees.
 */
import { sleep } from 'n8n-workflow';

import type { AwsClient, AwsResult } from '../shared/transport/awsRequest';
import { AwsApiError } from '../shared/transport/errors';
import { PIPELINE_LIMITS } from '../shared/validation';

/** A Name/Value member: SageMaker's Parameter and OutputParameter. */
export interface Parameter {
	Name: string;
	Value: string;
}

async function call<T>(
	client: AwsClient,
	operation: string,
	input: object,
	signal?: AbortSignal,
): Promise<AwsResult<T>> {
	return await client.call<T>({ service: 'sagemaker', operation, input, signal });
}

// ---- Paging ---------------------------------------------------------------------------------

/** One page of a List* answer: its entries and the token of the next page, if any. */
export interface Page<T> {
	entries: T[];
	nextToken?: string;
}

export interface PageLimits<T> {
	/** stop once this many entries were kept; all pages when undefined */
	limit?: number;
	/** keep only entries this accepts (filters the API does not offer) */
	keep?(entry: T): boolean;
}

async function listPage<T>(
	client: AwsClient,
	operation: string,
	input: object,
	resultKey: string,
): Promise<Page<T>> {
	const { output } = await call<Record<string, unknown>>(client, operation, input);
	const token = output.NextToken;
	return {
		entries: (output[resultKey] ?? []) as T[],
		nextToken: typeof token === 'string' && token !== '' ? token : undefined,
	};
}

/**
 * Follows NextToken through the pages of a List* action and collects the entries, up to `limit`
 * when one is given. Each page asks for as many entries as are still wanted (1–100, the API's
 * MaxResults range), or a full page when entries are filtered on our side.
 */
export async function collectPages<T>(
	operation: string,
	fetchPage: (nextToken: string | undefined, maxResults: number) => Promise<Page<T>>,
	{ limit, keep }: PageLimits<T> = {},
): Promise<T[]> {
	const pageSize = PIPELINE_LIMITS.maxResults.max;
	const kept: T[] = [];
	let nextToken: string | undefined;
	do {
		const wanted = limit === undefined || keep ? pageSize : Math.min(pageSize, limit - kept.length);
		const page = await fetchPage(nextToken, wanted);
		for (const entry of page.entries) {
			if (keep && !keep(entry)) continue;
			kept.push(entry);
			if (limit !== undefined && kept.length >= limit) return kept;
		}
		// A token that does not move on would page forever; AWS never does this, a broken proxy might.
		if (page.nextToken !== undefined && page.nextToken === nextToken) {
			throw new Error(`${operation} returned the same NextToken twice; stopped paging`);
		}
		nextToken = page.nextToken;
	} while (nextToken !== undefined);
	return kept;
}

// ---- Conflict retry -------------------------------------------------------------------------

/**
 * ConflictException from Start/Stop/RetryPipelineExecution means the execution (or pipeline) is
 * changing state right now: a step is being completed, a stop or retry is under way. It is
 * transient (Airflow's SageMaker hook retries it too), but the transport never retries it, as
 * the AWS SDK does not. These calls carry a ClientRequestToken, so sending them again is safe:
 * a few attempts with a short exponential backoff, then the last error, counting every attempt.
 */
export const CONFLICT_RETRY = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 2000,
} as const;

export async function callRetryingConflict<T>(
	send: () => Promise<AwsResult<T>>,
): Promise<AwsResult<T>> {
	let attempts = 0;
	for (let conflicts = 1; ; conflicts++) {
		let failure: unknown;
		try {
			return await send();
		} catch (error) {
			failure = error;
		}
		// Decided outside the catch: anything but a conflict goes on to the router, which maps it.
		if (!(failure instanceof AwsApiError) || failure.code !== 'ConflictException') throw failure;
		attempts += failure.details.attempts;
		if (conflicts >= CONFLICT_RETRY.maxAttempts)
			throw new AwsApiError({ ...failure.details, attempts });
		await sleep(
			Math.min(CONFLICT_RETRY.maxDelayMs, CONFLICT_RETRY.baseDelayMs * 2 ** (conflicts - 1)),
		);
	}
}

// ---- Callback steps -------------------------------------------------------------------------

/** What SendPipelineExecutionStepSuccess/Failure, Start, Stop and Retry answer. */
export interface ExecutionArnAnswer {
	PipelineExecutionArn?: string;
}

export async function sendPipelineExecutionStepSuccess(
	client: AwsClient,
	request: { callbackToken: string; outputParameters: Parameter[]; clientRequestToken: string },
): Promise<AwsResult<ExecutionArnAnswer>> {
	return await call(client, 'SendPipelineExecutionStepSuccess', {
		CallbackToken: request.callbackToken,
		OutputParameters: request.outputParameters,
		ClientRequestToken: request.clientRequestToken,
	});
}

export async function sendPipelineExecutionStepFailure(
	client: AwsClient,
	request: { callbackToken: string; failureReason?: string; clientRequestToken: string },
): Promise<AwsResult<ExecutionArnAnswer>> {
	return await call(client, 'SendPipelineExecutionStepFailure', {
		CallbackToken: request.callbackToken,
		FailureReason: request.failureReason,
		ClientRequestToken: request.clientRequestToken,
	});
}

// ---- Pipeline executions --------------------------------------------------------------------

export interface StartPipelineExecutionRequest {
	pipelineName: string;
	pipelineExecutionDisplayName?: string;
	pipelineParameters?: Parameter[];
	pipelineExecutionDescription?: string;
	clientRequestToken: string;
	/** ParallelismConfiguration.MaxParallelExecutionSteps */
	maxParallelExecutionSteps?: number;
	/** SelectiveExecutionConfig: the steps to run and the execution whose outputs the others reuse */
	selectiveExecution?: { selectedSteps: string[]; sourcePipelineExecutionArn?: string };
	pipelineVersionId?: number;
}

function parallelismConfiguration(
	maxParallelExecutionSteps: number | undefined,
): object | undefined {
	return maxParallelExecutionSteps === undefined
		? undefined
		: { MaxParallelExecutionSteps: maxParallelExecutionSteps };
}

export async function startPipelineExecution(
	client: AwsClient,
	request: StartPipelineExecutionRequest,
): Promise<AwsResult<ExecutionArnAnswer>> {
	const selection = request.selectiveExecution;
	const input = {
		PipelineName: request.pipelineName,
		PipelineExecutionDisplayName: request.pipelineExecutionDisplayName,
		PipelineParameters: request.pipelineParameters,
		PipelineExecutionDescription: request.pipelineExecutionDescription,
		ClientRequestToken: request.clientRequestToken,
		ParallelismConfiguration: parallelismConfiguration(request.maxParallelExecutionSteps),
		SelectiveExecutionConfig: selection && {
			SelectedSteps: selection.selectedSteps.map((StepName) => ({ StepName })),
			SourcePipelineExecutionArn: selection.sourcePipelineExecutionArn,
		},
		PipelineVersionId: request.pipelineVersionId,
	};
	return await callRetryingConflict(
		async () => await call<ExecutionArnAnswer>(client, 'StartPipelineExecution', input),
	);
}

export async function stopPipelineExecution(
	client: AwsClient,
	request: { pipelineExecutionArn: string; clientRequestToken: string },
): Promise<AwsResult<ExecutionArnAnswer>> {
	const input = {
		PipelineExecutionArn: request.pipelineExecutionArn,
		ClientRequestToken: request.clientRequestToken,
	};
	return await callRetryingConflict(
		async () => await call<ExecutionArnAnswer>(client, 'StopPipelineExecution', input),
	);
}

export async function retryPipelineExecution(
	client: AwsClient,
	request: {
		pipelineExecutionArn: string;
		clientRequestToken: string;
		maxParallelExecutionSteps?: number;
	},
): Promise<AwsResult<ExecutionArnAnswer>> {
	const input = {
		PipelineExecutionArn: request.pipelineExecutionArn,
		ClientRequestToken: request.clientRequestToken,
		ParallelismConfiguration: parallelismConfiguration(request.maxParallelExecutionSteps),
	};
	return await callRetryingConflict(
		async () => await call<ExecutionArnAnswer>(client, 'RetryPipelineExecution', input),
	);
}

/** The members of DescribePipelineExecution the node looks at; the rest is passed through. */
export interface DescribedExecution {
	PipelineExecutionArn?: string;
	PipelineExecutionStatus?: string;
	LastModifiedTime?: number;
	[member: string]: unknown;
}

export async function describePipelineExecution(
	client: AwsClient,
	pipelineExecutionArn: string,
	signal?: AbortSignal,
): Promise<AwsResult<DescribedExecution>> {
	return await call(
		client,
		'DescribePipelineExecution',
		{ PipelineExecutionArn: pipelineExecutionArn },
		signal,
	);
}

/** The parameter values an execution runs with (DescribePipelineExecution does not return them), all pages. */
export async function listPipelineParametersForExecution(
	client: AwsClient,
	pipelineExecutionArn: string,
): Promise<Parameter[]> {
	return await collectPages(
		'ListPipelineParametersForExecution',
		async (nextToken, maxResults) =>
			await listPage<Parameter>(
				client,
				'ListPipelineParametersForExecution',
				{
					PipelineExecutionArn: pipelineExecutionArn,
					NextToken: nextToken,
					MaxResults: maxResults,
				},
				'PipelineParameters',
			),
	);
}

export interface ExecutionSummary {
	PipelineExecutionArn?: string;
	PipelineExecutionStatus?: string;
	[member: string]: unknown;
}

export interface ExecutionQuery {
	pipelineName: string;
	createdAfter?: number;
	createdBefore?: number;
	sortOrder: string;
	/** SageMaker cannot filter by status: the others are dropped while paging (then pages are full pages) */
	statuses: readonly string[];
	limit?: number;
}

/** ListPipelineExecutions (sorted by creation time) through all the pages needed. */
export async function listPipelineExecutions(
	client: AwsClient,
	query: ExecutionQuery,
): Promise<ExecutionSummary[]> {
	const { statuses } = query;
	return await collectPages(
		'ListPipelineExecutions',
		async (nextToken, maxResults) =>
			await listPage<ExecutionSummary>(
				client,
				'ListPipelineExecutions',
				{
					PipelineName: query.pipelineName,
					CreatedAfter: query.createdAfter,
					CreatedBefore: query.createdBefore,
					SortBy: 'CreationTime',
					SortOrder: query.sortOrder,
					NextToken: nextToken,
					MaxResults: maxResults,
				},
				'PipelineExecutionSummaries',
			),
		{
			limit: query.limit,
			keep:
				statuses.length > 0
					? (summary) => statuses.includes(summary.PipelineExecutionStatus ?? '')
					: undefined,
		},
	);
}

export interface ExecutionStep {
	StepName?: string;
	StepStatus?: string;
	Metadata?: Record<string, unknown> & {
		Callback?: { CallbackToken?: string; SqsQueueUrl?: string; OutputParameters?: Parameter[] };
	};
	[member: string]: unknown;
}

/** ListPipelineExecutionSteps through all the pages needed. */
export async function listPipelineExecutionSteps(
	client: AwsClient,
	pipelineExecutionArn: string,
	options: PageLimits<ExecutionStep> & { sortOrder: string },
): Promise<ExecutionStep[]> {
	return await collectPages(
		'ListPipelineExecutionSteps',
		async (nextToken, maxResults) =>
			await listPage<ExecutionStep>(
				client,
				'ListPipelineExecutionSteps',
				{
					PipelineExecutionArn: pipelineExecutionArn,
					NextToken: nextToken,
					MaxResults: maxResults,
					SortOrder: options.sortOrder,
				},
				'PipelineExecutionSteps',
			),
		options,
	);
}

export interface PipelineSummary {
	PipelineName?: string;
	PipelineDisplayName?: string;
	PipelineDescription?: string;
}

/** One page of ListPipelines, by name, A to Z: what the pipeline picker shows. */
export async function listPipelinesPage(
	client: AwsClient,
	request: { pipelineNamePrefix?: string; nextToken?: string; maxResults: number },
): Promise<Page<PipelineSummary>> {
	const input = {
		PipelineNamePrefix: request.pipelineNamePrefix,
		SortBy: 'Name',
		SortOrder: 'Ascending',
		NextToken: request.nextToken,
		MaxResults: request.maxResults,
	};
	return await listPage(client, 'ListPipelines', input, 'PipelineSummaries');
}

// ---- Model registry -------------------------------------------------------------------------

export interface ModelPackageGroupSummary {
	ModelPackageGroupName?: string;
	ModelPackageGroupDescription?: string;
}

/** One page of ListModelPackageGroups, by name, A to Z: what the group picker shows. */
export async function listModelPackageGroupsPage(
	client: AwsClient,
	request: { nameContains?: string; nextToken?: string; maxResults: number },
): Promise<Page<ModelPackageGroupSummary>> {
	const input = {
		MaxResults: request.maxResults,
		NameContains: request.nameContains,
		NextToken: request.nextToken,
		SortBy: 'Name',
		SortOrder: 'Ascending',
	};
	return await listPage(client, 'ListModelPackageGroups', input, 'ModelPackageGroupSummaryList');
}

export interface ModelPackageSummary {
	ModelPackageArn?: string;
	ModelPackageGroupName?: string;
	ModelPackageVersion?: number;
	ModelApprovalStatus?: string;
	CreationTime?: number;
	ModelPackageDescription?: string;
	[member: string]: unknown;
}

export interface ListModelPackagesRequest {
	creationTimeAfter?: number;
	creationTimeBefore?: number;
	nameContains?: string;
	modelApprovalStatus?: string;
	modelPackageGroupName?: string;
	modelPackageType?: string;
	sortBy: string;
	sortOrder: string;
}

/** One page of ListModelPackages. */
export async function listModelPackagesPage(
	client: AwsClient,
	request: ListModelPackagesRequest & { nextToken?: string; maxResults: number },
): Promise<Page<ModelPackageSummary>> {
	const input = {
		CreationTimeAfter: request.creationTimeAfter,
		CreationTimeBefore: request.creationTimeBefore,
		MaxResults: request.maxResults,
		NameContains: request.nameContains,
		ModelApprovalStatus: request.modelApprovalStatus,
		ModelPackageGroupName: request.modelPackageGroupName,
		ModelPackageType: request.modelPackageType,
		NextToken: request.nextToken,
		SortBy: request.sortBy,
		SortOrder: request.sortOrder,
	};
	return await listPage(client, 'ListModelPackages', input, 'ModelPackageSummaryList');
}

/** ListModelPackages through all the pages needed. */
export async function listModelPackages(
	client: AwsClient,
	request: ListModelPackagesRequest,
	limit?: number,
): Promise<ModelPackageSummary[]> {
	return await collectPages(
		'ListModelPackages',
		async (nextToken, maxResults) =>
			await listModelPackagesPage(client, { ...request, nextToken, maxResults }),
		{ limit },
	);
}

/** The members of DescribeModelPackage the node looks at; the rest is passed through. */
export interface DescribedModelPackage {
	ModelPackageArn?: string;
	InferenceSpecification?: { Containers?: Array<{ Image?: string; ModelDataUrl?: string }> };
	CustomerMetadataProperties?: Record<string, string>;
	MetadataProperties?: { GeneratedBy?: string };
	ModelMetrics?: Record<string, Record<string, { S3Uri?: string } | undefined> | undefined>;
	[member: string]: unknown;
}

/** `modelPackageName`: an ARN, "group/version" or a name. */
export async function describeModelPackage(
	client: AwsClient,
	modelPackageName: string,
): Promise<AwsResult<DescribedModelPackage>> {
	return await call(client, 'DescribeModelPackage', { ModelPackageName: modelPackageName });
}

export interface UpdateModelPackageRequest {
	modelPackageArn: string;
	modelApprovalStatus: string;
	approvalDescription?: string;
	customerMetadataProperties?: Record<string, string>;
	clientToken: string;
}

export async function updateModelPackage(
	client: AwsClient,
	request: UpdateModelPackageRequest,
): Promise<AwsResult<{ ModelPackageArn?: string }>> {
	return await call(client, 'UpdateModelPackage', {
		ModelPackageArn: request.modelPackageArn,
		ModelApprovalStatus: request.modelApprovalStatus,
		ApprovalDescription: request.approvalDescription,
		CustomerMetadataProperties: request.customerMetadataProperties,
		ClientToken: request.clientToken,
	});
}
