import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import {
	checkMaxParallelExecutionSteps,
	checkPipelineExecutionDescription,
	checkPipelineExecutionDisplayName,
	checkPipelineNameOrArn,
	checkPipelineParameters,
} from '../../../shared/validation';
import { nameValueObject } from '../../helpers/awsOutput';
import { callRetryingConflict } from '../../helpers/conflictRetry';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { ItemParameters } from '../itemParameters';
import { nameValueFields, readNameValuePairs, type NameValueFieldsSpec } from '../nameValueFields';
import { showFor } from '../types';
import {
	maxParallelExecutionStepsOption,
	pipelineClientRequestTokenOption,
	pipelineField,
	readClientRequestToken,
} from './descriptions';
import { actedOn } from './executionData';
import {
	pipelineVersionIdOption,
	readPipelineVersionId,
	readSelectiveExecutionConfig,
	selectiveExecutionOption,
	type VersionAndSelectionOptions,
} from './startVersionAndSelection';
import { finishWaiting, readWaitSettings, waitFields } from './waitUntilFinished';

const OPERATION = 'StartPipelineExecution';
const displayOptions = showFor('pipelineExecution', 'start');

const PARAMETERS: NameValueFieldsSpec = {
	modeName: 'specifyParameters',
	collectionName: 'pipelineParameters',
	modeLabel: 'Specify Parameters',
	modeDescription: 'How to give values for the parameters the pipeline declares; those left out keep their defaults',
	collectionLabel: 'Pipeline Parameters',
	collectionDescription: 'At most 200. Numbers and booleans are sent as text, objects as JSON text.',
	addLabel: 'Add Parameter',
	nameDescription: 'As declared in the pipeline: letters, digits, "-" and "_" (up to 256)',
	jsonField: {
		displayName: 'JSON Parameters',
		name: 'jsonParameters',
		type: 'json',
		default: '{\n  "InputDataUrl": "s3://bucket/data.csv"\n}',
		description: 'An object of parameter name → value. Numbers and booleans are sent as text, objects as JSON text.',
	},
};

export const description: INodeProperties[] = [
	pipelineField(displayOptions),
	...nameValueFields(PARAMETERS, displayOptions),
	...waitFields(displayOptions),
	// The editor lists options in this order: alphabetical, as n8n's own nodes do.
	optionsField(displayOptions, [
		pipelineClientRequestTokenOption,
		{
			displayName: 'Description',
			name: 'pipelineExecutionDescription',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'Up to 3072 characters',
		},
		{
			displayName: 'Display Name',
			name: 'pipelineExecutionDisplayName',
			type: 'string',
			default: '',
			placeholder: 'n8n-nightly-retrain',
			description: 'Name shown for this execution in SageMaker Studio: letters, digits and hyphens, up to 82',
		},
		maxConcurrentRequestsOption,
		maxParallelExecutionStepsOption,
		pipelineVersionIdOption,
		selectiveExecutionOption,
	]),
];

interface StartOptions extends VersionAndSelectionOptions {
	pipelineExecutionDisplayName?: string;
	pipelineExecutionDescription?: string;
	clientRequestToken?: string;
	maxParallelExecutionSteps?: number;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: AwsClient,
	parameters: ItemParameters,
): Promise<IDataObject> {
	const pipeline = checkPipelineNameOrArn(this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }));
	const pipelineParameters = checkPipelineParameters(readNameValuePairs(parameters, PARAMETERS, itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as StartOptions;
	const displayName = checkPipelineExecutionDisplayName(options.pipelineExecutionDisplayName);
	const executionDescription = checkPipelineExecutionDescription(options.pipelineExecutionDescription);
	const parallelism =
		options.maxParallelExecutionSteps === undefined ? undefined : checkMaxParallelExecutionSteps(options.maxParallelExecutionSteps);
	const pipelineVersionId = readPipelineVersionId(options);
	const selectiveExecutionConfig = readSelectiveExecutionConfig(options);
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
		...(selectiveExecutionConfig ? { SelectiveExecutionConfig: selectiveExecutionConfig } : {}),
		...(pipelineVersionId !== undefined ? { PipelineVersionId: pipelineVersionId } : {}),
	};
	const response = await callRetryingConflict<{ PipelineExecutionArn?: string }>(client, {
		service: 'sagemaker',
		operation: OPERATION,
		input,
	});
	const started = { ...actedOn(response, '', clientRequestToken), pipelineParameters: nameValueObject(pipelineParameters) ?? {} };
	return wait ? await finishWaiting.call(this, itemIndex, client, started, wait) : started;
}
