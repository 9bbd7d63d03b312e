/**
 * Skeleton of the callback trigger: declares the node so n8n can load it. Polling comes next.
 */
import type { INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export class AwsSageMakerPipelinesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS SageMaker Pipelines Trigger',
		name: 'awsSageMakerPipelinesTrigger',
		icon: { light: 'file:sagemaker.svg', dark: 'file:sagemaker.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=Queue: {{ $parameter["queueUrl"] }}',
		description: 'Starts a workflow for every SageMaker Pipelines callback step message in an SQS queue',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines',
		defaults: { name: 'AWS SageMaker Pipelines Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsSageMakerApi', required: true }],
		properties: [
			{
				displayName: 'Queue URL',
				name: 'queueUrl',
				type: 'string',
				required: true,
				default: '',
				placeholder: 'https://sqs.us-east-1.amazonaws.com/123456789012/my-callback-queue',
				description: 'The SQS queue the callback step sends its message to',
			},
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return { closeFunction: async () => {} };
	}
}
