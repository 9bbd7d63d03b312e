/** Fields several pipeline-execution operations share, and the readers that go with them. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { deriveRunScopedClientRequestToken } from '../../../shared/idempotency';
import { checkClientRequestToken, checkInteger, PIPELINE_LIMITS } from '../../../shared/validation';

type DisplayOptions = INodeProperties['displayOptions'];

// The editor checks fixed values with the same patterns the node checks before sending.
const NAME_REGEX = PIPELINE_LIMITS.pipelineName.pattern.source;
const ARN_REGEX = PIPELINE_LIMITS.pipelineArn.pattern.source;

export function pipelineField(displayOptions: DisplayOptions): INodeProperties {
	return {
		displayName: 'Pipeline',
		name: 'pipeline',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The SageMaker pipeline, in the region of the credential',
		displayOptions,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a pipeline...',
				typeOptions: { searchListMethod: 'searchPipelines', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'churn-model',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: NAME_REGEX,
							errorMessage: 'Letters, digits and hyphens, starting and ending with a letter or digit (up to 256)',
						},
					},
				],
			},
			{
				displayName: 'By ARN',
				name: 'arn',
				type: 'string',
				placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model',
				validation: [
					{
						type: 'regex',
						properties: { regex: ARN_REGEX, errorMessage: 'Not a SageMaker pipeline ARN' },
					},
				],
			},
		],
	};
}

export function pipelineExecutionArnField(displayOptions: DisplayOptions): INodeProperties {
	return {
		displayName: 'Pipeline Execution ARN',
		name: 'pipelineExecutionArn',
		type: 'string',
		required: true,
		default: '={{ $json.pipelineExecutionArn }}',
		placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/0a1b2c3d4e5f',
		description: 'The execution, as Start Pipeline Execution, the trigger and Send Step Success output it',
		displayOptions,
	};
}

export function returnAllFields(displayOptions: DisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...displayOptions?.show, returnAll: [false] } },
		},
	];
}

/** The number of entries wanted, or undefined for all of them. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return checkInteger('Limit', this.getNodeParameter('limit', itemIndex, 50), 1);
}

/** SageMaker's SortOrder (Descending by default), in the words of the list it orders. */
export function sortOrderOption(labels: { descending: string; ascending: string }, description: string): INodeProperties {
	return {
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: labels.descending, value: 'Descending' },
			{ name: labels.ascending, value: 'Ascending' },
		],
		default: 'Descending',
		description,
	};
}

export const maxParallelExecutionStepsOption: INodeProperties = {
	displayName: 'Max Parallel Execution Steps',
	name: 'maxParallelExecutionSteps',
	type: 'number',
	typeOptions: { minValue: PIPELINE_LIMITS.maxParallelExecutionSteps.min },
	default: 1,
	description: 'How many steps of this execution SageMaker may run at the same time (ParallelismConfiguration)',
};

export const pipelineClientRequestTokenOption: INodeProperties = {
	displayName: 'Client Request Token',
	name: 'clientRequestToken',
	type: 'string',
	// n8n's verification requires a password field for every parameter named "…token": the value is masked.
	typeOptions: { password: true },
	default: '',
	description:
		'Idempotency token (32–128 characters): SageMaker carries out a request with a token it has seen once only. Leave empty: the node derives one per n8n execution and item, so "Retry On Fail" never acts twice while the next run of the workflow acts again. Set it (e.g. from the event that started the workflow) to act once per event across runs.',
};

/**
 * The user's Client Request Token, checked; or, when empty, one derived from the n8n run, node
 * and item (see deriveRunScopedClientRequestToken for why not from the payload).
 */
export function readClientRequestToken(this: IExecuteFunctions, itemIndex: number, operation: string, given: unknown): string {
	if (given !== undefined && given !== null && given !== '') return checkClientRequestToken(String(given));
	// Without an execution id (never seen in n8n, but not promised) fall back to the SDK's behaviour: a fresh token.
	const executionId = this.getExecutionId() || randomUUID();
	return deriveRunScopedClientRequestToken(operation, { executionId, nodeId: this.getNode().id, itemIndex });
}
