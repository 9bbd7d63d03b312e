import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import {
	checkMaxParallelExecutionSteps,
	checkPipelineExecutionDescription,
	checkPipelineExecutionDisplayName,
	checkPipelineNameOrArn,
	checkPipelineParameters,
	parseJsonOutputs,
} from '../../../shared/validation';
import { nameValueObject } from '../../helpers/awsOutput';
import { callRetryingConflict } from '../../helpers/conflictRetry';
import { maxConcurrentRequestsOption } from '../common.descriptions';
import { showFor } from '../types';
import {
	maxParallelExecutionStepsOption,
	pipelineClientRequestTokenOption,
	pipelineField,
	readClientRequestToken,
} from './descriptions';
import { actedOn } from './executionData';
import { finishWaiting, readWaitSettings, waitFields } from './waitUntilFinished';

const OPERATION = 'StartPipelineExecution';
const displayOptions = showFor('pipelineExecution', 'start');

export const description: INodeProperties[] = [
	pipelineField(displayOptions),
	{
		displayName: 'Specify Parameters',
		name: 'specifyParameters',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'keypair' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'keypair',
		description: 'How to give values for the parameters the pipeline declares; those left out keep their defaults',
		displayOptions,
	},
	{
		displayName: 'Pipeline Parameters',
		name: 'pipelineParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Parameter',
		default: {},
		description: 'At most 200. Numbers and booleans are sent as text, objects as JSON text.',
		displayOptions: { show: { ...displayOptions?.show, specifyParameters: ['keypair'] } },
		options: [
			{
				displayName: 'Parameter',
				name: 'parameters',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'As declared in the pipeline: letters, digits, "-" and "_" (up to 256)',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Up to 1024 characters once turned into text',
					},
				],
			},
		],
	},
	{
		displayName: 'JSON Parameters',
		name: 'jsonParameters',
		type: 'json',
		default: '{\n  "InputDataUrl": "s3://bucket/data.csv"\n}',
		description: 'An object of parameter name → value. Numbers and booleans are sent as text, objects as JSON text.',
		displayOptions: { show: { ...displayOptions?.show, specifyParameters: ['json'] } },
	},
	...waitFields(displayOptions),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [
			{
				displayName: 'Display Name',
				name: 'pipelineExecutionDisplayName',
				type: 'string',
				default: '',
				placeholder: 'n8n-nightly-retrain',
				description: 'Name shown for this execution in SageMaker Studio: letters, digits and hyphens, up to 82',
			},
			{
				displayName: 'Description',
				name: 'pipelineExecutionDescription',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Up to 3072 characters',
			},
			pipelineClientRequestTokenOption,
			maxParallelExecutionStepsOption,
			maxConcurrentRequestsOption,
		],
	},
];

interface StartOptions {
	pipelineExecutionDisplayName?: string;
	pipelineExecutionDescription?: string;
	clientRequestToken?: string;
	maxParallelExecutionSteps?: number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const pipeline = checkPipelineNameOrArn(this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }));
	const pairs =
		this.getNodeParameter('specifyParameters', itemIndex, 'keypair') === 'json'
			? parseJsonOutputs(this.getNodeParameter('jsonParameters', itemIndex), 'JSON Parameters')
			: (this.getNodeParameter('pipelineParameters.parameters', itemIndex, []) as Array<{ name: unknown; value: unknown }>);
	const pipelineParameters = checkPipelineParameters(pairs);
	const options = this.getNodeParameter('options', itemIndex, {}) as StartOptions;
	const displayName = checkPipelineExecutionDisplayName(options.pipelineExecutionDisplayName);
	const executionDescription = checkPipelineExecutionDescription(options.pipelineExecutionDescription);
	const parallelism =
		options.maxParallelExecutionSteps === undefined ? undefined : checkMaxParallelExecutionSteps(options.maxParallelExecutionSteps);
	const wait = readWaitSettings.call(this, itemIndex);
	const clientRequestToken = readClientRequestToken.call(this, itemIndex, OPERATION, options.clientRequestToken);

	// Member order as the AWS SDK serializes it, so the bytes on the wire are the same.
	const input = {
		PipelineName: pipeline,
		...(displayName ? { PipelineExecutionDisplayName: displayName } : {}),
		...(pipelineParameters.length > 0 ? { PipelineParameters: pipelineParameters } : {}),
		...(executionDescription ? { PipelineExecutionDescription: executionDescription } : {}),
		ClientRequestToken: clientRequestToken,
		...(parallelism ? { ParallelismConfiguration: { MaxParallelExecutionSteps: parallelism } } : {}),
	};
	const response = await callRetryingConflict<{ PipelineExecutionArn?: string }>(client, {
		service: 'sagemaker',
		operation: OPERATION,
		input,
	});
	const started = { ...actedOn(response, '', clientRequestToken), pipelineParameters: nameValueObject(pipelineParameters) ?? {} };
	return wait ? await finishWaiting.call(this, itemIndex, client, started, wait) : started;
}
