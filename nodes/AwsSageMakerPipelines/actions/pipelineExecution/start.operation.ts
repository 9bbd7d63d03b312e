import type { INodeProperties } from 'n8n-workflow';

import {
	checkMaxParallelExecutionSteps,
	checkPipelineExecutionDescription,
	checkPipelineExecutionDisplayName,
	checkPipelineNameOrArn,
	checkPipelineParameters,
} from '../../../shared/validation';
import { nameValueObject } from '../../helpers/awsOutput';
import { startPipelineExecution } from '../../sagemaker';
import {
	pipelineClientRequestTokenOption,
	runScopedClientRequestToken,
} from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { nameValueFields, readNameValuePairs, type NameValueFieldsSpec } from '../nameValueFields';
import type { OperationExecute } from '../types';
import { maxParallelExecutionStepsOption, pipelineField } from './descriptions';
import { actedOn } from './executionItem';
import {
	pipelineVersionIdOption,
	readPipelineVersionId,
	readSelectiveExecution,
	selectiveExecutionOption,
	type VersionAndSelectionOptions,
} from './startVersionAndSelection';
import { finishWaiting, readWaitSettings, waitFields } from './waitUntilFinished';

export const option = {
	name: 'Start',
	value: 'start',
	action: 'Start a pipeline execution',
	description: 'Start an execution of a pipeline with parameters',
};
export const subtitle = 'Start Execution';

const PARAMETERS: NameValueFieldsSpec = {
	modeName: 'specifyParameters',
	collectionName: 'pipelineParameters',
	modeLabel: 'Specify Parameters',
	modeDescription:
		'How to give values for the parameters the pipeline declares; those left out keep their defaults',
	collectionLabel: 'Pipeline Parameters',
	collectionDescription:
		'At most 200. Numbers and booleans are sent as text, objects as JSON text.',
	addLabel: 'Add Parameter',
	nameDescription: 'As declared in the pipeline: letters, digits, "-" and "_" (up to 256)',
	jsonField: {
		displayName: 'JSON Parameters',
		name: 'jsonParameters',
		type: 'json',
		default: '{\n  "InputDataUrl": "s3://bucket/data.csv"\n}',
		description:
			'An object of parameter name → value. Numbers and booleans are sent as text, objects as JSON text.',
	},
};

export const properties: INodeProperties[] = [
	pipelineField,
	...nameValueFields(PARAMETERS),
	...waitFields,
	// The editor lists options in this order: alphabetical, as n8n's own nodes do.
	optionsField([
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
			description:
				'Name shown for this execution in SageMaker Studio: letters, digits and hyphens, up to 82',
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

export const execute: OperationExecute = async function (itemIndex, client, parameters) {
	const pipelineName = checkPipelineNameOrArn(
		this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }),
	);
	const pipelineParameters = checkPipelineParameters(
		readNameValuePairs(parameters, PARAMETERS, itemIndex),
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as StartOptions;
	const pipelineExecutionDisplayName = checkPipelineExecutionDisplayName(
		options.pipelineExecutionDisplayName,
	);
	const pipelineExecutionDescription = checkPipelineExecutionDescription(
		options.pipelineExecutionDescription,
	);
	const maxParallelExecutionSteps =
		options.maxParallelExecutionSteps === undefined
			? undefined
			: checkMaxParallelExecutionSteps(options.maxParallelExecutionSteps);
	const pipelineVersionId = readPipelineVersionId(options);
	const selectiveExecution = readSelectiveExecution(options);
	const wait = readWaitSettings.call(this, itemIndex);
	const clientRequestToken = runScopedClientRequestToken.call(
		this,
		itemIndex,
		'StartPipelineExecution',
		options.clientRequestToken,
	);

	const response = await startPipelineExecution(client, {
		pipelineName,
		pipelineExecutionDisplayName,
		pipelineParameters: pipelineParameters.length > 0 ? pipelineParameters : undefined,
		pipelineExecutionDescription,
		clientRequestToken,
		maxParallelExecutionSteps,
		selectiveExecution,
		pipelineVersionId,
	});
	const started = {
		...actedOn(response, '', clientRequestToken),
		pipelineParameters: nameValueObject(pipelineParameters) ?? {},
	};
	return wait ? await finishWaiting.call(this, itemIndex, client, started, wait) : started;
};
