import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkPipelineExecutionArn, checkPipelineNameOrArn } from '../../../shared/validation';
import { nameValueObject, toOutputObject } from '../../helpers/awsOutput';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { pipelineExecutionArnField, pipelineField } from './descriptions';
import { executionRef, isPendingCallback, listExecutionSteps, type ExecutionStep } from './executionData';
import { listExecutions } from './list.operation';

const displayOptions = showFor('pipelineExecution', 'getPendingCallbackSteps');

export const description: INodeProperties[] = [
	{
		displayName: 'Look In',
		name: 'lookIn',
		type: 'options',
		options: [
			{ name: 'One Execution', value: 'execution', description: 'The callback steps of one pipeline execution' },
			{
				name: 'All Running Executions of a Pipeline',
				value: 'pipeline',
				description: 'The callback steps of every execution of the pipeline that is still Executing',
			},
		],
		default: 'execution',
		displayOptions,
	},
	pipelineExecutionArnField({ show: { ...displayOptions?.show, lookIn: ['execution'] } }),
	pipelineField({ show: { ...displayOptions?.show, lookIn: ['pipeline'] } }),
	optionsField(displayOptions, [
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

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { includeStopping?: boolean };
	const statuses = options.includeStopping ? ['Executing', 'Stopping'] : ['Executing'];
	let executionArns: string[];
	if (this.getNodeParameter('lookIn', itemIndex, 'execution') === 'pipeline') {
		const pipeline = checkPipelineNameOrArn(this.getNodeParameter('pipeline', itemIndex, undefined, { extractValue: true }));
		const running = await listExecutions(client, { pipeline, sortOrder: 'Ascending', statuses });
		executionArns = running.map((summary) => summary.PipelineExecutionArn ?? '').filter(Boolean);
	} else {
		executionArns = [checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex))];
	}
	const pending: IDataObject[] = [];
	// One execution after the other: their steps are few, and the items already run side by side.
	for (const arn of executionArns) {
		const steps = await listExecutionSteps(client, arn, { sortOrder: 'Ascending', keep: (step) => isPendingCallback(step, statuses) });
		pending.push(...steps.map((step) => pendingJson(step, arn)));
	}
	return pending;
}
