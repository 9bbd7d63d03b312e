import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { nameValueObject, toOutputObject } from '../../helpers/awsOutput';
import { listPipelineExecutionSteps, type ExecutionStep } from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { readLimit, returnAllFields, sortOrderOption } from '../listFields';
import type { OperationExecute } from '../types';
import { pipelineExecutionArnField, readPipelineExecutionArn } from './descriptions';
import { executionRef } from './executionItem';

export const option = {
	name: 'List Steps',
	value: 'listSteps',
	action: 'List the steps of a pipeline execution',
	description: 'List the steps of an execution with their status, type and metadata',
};
export const subtitle = 'List Steps';

export const properties: INodeProperties[] = [
	pipelineExecutionArnField,
	...returnAllFields,
	optionsField([
		maxConcurrentRequestsOption,
		sortOrderOption(
			{ descending: 'Latest Started First', ascending: 'First Started First' },
			'By the time each step started',
		),
	]),
];

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

function stepType(step: ExecutionStep): string | undefined {
	const kind = Object.keys(step.Metadata ?? {})[0];
	return kind === undefined ? undefined : (STEP_TYPES[kind] ?? kind);
}

/** One step as an item: its members camel-cased, its type, and a callback step's token, queue and outputs on top. */
function stepJson(step: ExecutionStep, pipelineExecutionArn: string): IDataObject {
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

export const execute: OperationExecute = async function (itemIndex, client) {
	const pipelineExecutionArn = readPipelineExecutionArn.call(this, itemIndex);
	const limit = readLimit.call(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as { sortOrder?: string };
	const steps = await listPipelineExecutionSteps(client, pipelineExecutionArn, {
		limit,
		sortOrder: options.sortOrder ?? 'Descending',
	});
	return steps.map((step) => stepJson(step, pipelineExecutionArn));
};
