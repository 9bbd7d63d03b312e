/**
 * AWS SageMaker Pipelines Trigger: a workflow run for every callback-step message in an SQS
 * queue, or for every SageMaker pipeline event an EventBridge rule sends to one. This file assembles the description (description.ts); activation is activate.ts.
 */
import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { onFirstUse } from '../shared/onFirstUse';
import { triggerProperties } from './description';
import { searchQueues } from './listSearch';

const loadActivation = onFirstUse(async () => await import('./activate'));

export class AwsSageMakerPipelinesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS SageMaker Pipelines Trigger',
		name: 'awsSageMakerPipelinesTrigger',
		icon: { light: 'file:sagemaker.svg', dark: 'file:sagemaker.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The canvas shows about 26 characters of a subtitle: lead with what tells two triggers apart.
		subtitle:
			// queueUrl is a resource locator ({ value }) or, in workflows saved before it was one, the URL itself.
			'={{ $parameter["messageSource"] === "eventBridge" ? ($parameter["options"]["pipelineNames"] ? "Events of " + $parameter["options"]["pipelineNames"] : "Pipeline events") : $parameter["options"]["pipelineNames"] ? "Callbacks of " + $parameter["options"]["pipelineNames"] : (typeof $parameter["queueUrl"] === "object" ? $parameter["queueUrl"].value : $parameter["queueUrl"]) ? "Queue " + String(typeof $parameter["queueUrl"] === "object" ? $parameter["queueUrl"].value : $parameter["queueUrl"]).split("/").pop() : "Callback messages" }}',
		// n8n's nodes panel shows one entry for this trigger and the AWS SageMaker Pipelines node, with the
		// trigger's description: so it speaks for both.
		description:
			'Start a workflow on each callback step message, finish callback steps, drive pipeline executions',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines#trigger',
		defaults: { name: 'AWS SageMaker Pipelines Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'awsSageMakerApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchQueues } };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		// Workers load this node too but never activate triggers: the receive loop loads on activation.
		const { activate } = await loadActivation();
		return await activate.call(this);
	}
}
