import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { checkPipelineExecutionArn, checkPipelineNameOrArn } from '../../../shared/validation';
import { nameValueObject, toOutputObject } from '../../helpers/awsOutput';
import {
	listPipelineExecutions,
	listPipelineExecutionSteps,
	type ExecutionStep,
} from '../../sagemaker';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import { pipelineExecutionArnField, pipelineField } from './descriptions';
import { executionRef } from './executionItem';

export const option = {
	name: 'Get Pending Callback Steps',
	value: 'getPendingCallbackSteps',
	action: 'Get pending callback steps',
	description:
		'Find the callback steps still waiting for a token, one item each, ready for Send Step Success',
};
export const subtitle = 'Get Pending Callback Steps';

export const properties: INodeProperties[] = [
	{
		displayName: 'Look In',
		name: 'lookIn',
		type: 'options',
		options: [
			{
				name: 'One Execution',
				value: 'execution',
				description: 'The callback steps of one pipeline execution',
			},
			{
				name: 'All Running Executions of a Pipeline',
				value: 'pipeline',
				description:
					'The callback steps of every execution of the pipeline that is still Executing',
			},
		],
		default: 'execution',
	},
	{ ...pipelineExecutionArnField, displayOptions: { show: { lookIn: ['execution'] } } },
	{ ...pipelineField, displayOptions: { show: { lookIn: ['pipeline'] } } },
	optionsField([
		{
			displayName: 'Include Stopping',
			name: 'includeStopping',
			type: 'boolean',
			default: false,
			description:
				'Whether to also return callback steps of executions being stopped: they still wait for Send Step Success or Failure before the execution can stop',
		},
		maxConcurrentRequestsOption,
	]),
];

function isPendingCallback(step: ExecutionStep, statuses: readonly string[]): boolean {
	return (
		Boolean(step.Metadata?.Callback?.CallbackToken) && statuses.includes(step.StepStatus ?? '')
	);
}

/**
 * One item per waiting callback step, keyed like the trigger's items (`token`, `status`,
 * `pipelineExecutionArn`, `pipelineName`) so Send Step Success's `{{ $json.token }}` works
 * after either. The step's arguments are not here: SageMaker sends them only in the SQS message.
 */
function pendingJson(step: ExecutionStep, pipelineExecutionArn: string): IDataObject {
	const callback = step.Metadata?.Callback ?? {};
	const { StepName, StepStatus, ...members } = step;
	// Metadata.Callback is given as the fields below; the rest of Metadata is not about a callback step.
	delete members.Metadata;
	return {
		token: callback.CallbackToken,
		status: StepStatus,
		...executionRef(pipelineExecutionArn),
		stepName: StepName,
		...toOutputObject(members),
		sqsQueueUrl: callback.SqsQueueUrl,
		outputParameters: nameValueObject(callback.OutputParameters) ?? {},
	};
}

export const execute: OperationExecute = async function (itemIndex, client) {
	const options = this.getNodeParameter('options', itemIndex, {}) as { includeStopping?: boolean };
	const statuses = options.includeStopping ? ['Executing', 'Stopping'] : ['Executing'];
	let executionArns: string[];
	if (this.getNodeParameter('lookIn', itemIndex, 'execution') === 'pipeline') {
		const pipelineName = checkPipelineNameOrArn(
			this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }),
		);
		const running = await listPipelineExecutions(client, {
			pipelineName,
			sortOrder: 'Ascending',
			statuses,
		});
		executionArns = running.map((summary) => summary.PipelineExecutionArn ?? '').filter(Boolean);
	} else {
		executionArns = [
			checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex)),
		];
	}
	const pending: IDataObject[] = [];
	// One execution after the other: their steps are few, and the items already run side by side.
	for (const arn of executionArns) {
		const steps = await listPipelineExecutionSteps(client, arn, {
			sortOrder: 'Ascending',
			keep: (step) => isPendingCallback(step, statuses),
		});
		pending.push(...steps.map((step) => pendingJson(step, arn)));
	}
	return pending;
};
