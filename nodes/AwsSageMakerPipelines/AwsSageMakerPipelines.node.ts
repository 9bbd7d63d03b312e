import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { onFirstUse } from '../shared/onFirstUse';
import * as callbackStep from './actions/callbackStep';
import * as modelPackage from './actions/modelPackage';
import * as pipelineExecution from './actions/pipelineExecution';
import { searchModelPackageGroups, searchPendingModelPackages, searchPipelines } from './methods/listSearch';

const loadRouter = onFirstUse(async () => await import('./actions/router'));

export class AwsSageMakerPipelines implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS SageMaker Pipelines',
		name: 'awsSageMakerPipelines',
		icon: { light: 'file:sagemaker.svg', dark: 'file:sagemaker.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ { sendSuccess: "Send Step Success", sendFailure: "Send Step Failure", start: "Start Execution", describe: "Describe Execution", list: "List Executions", listSteps: "List Steps", getPendingCallbackSteps: "Get Pending Callback Steps", stop: "Stop Execution", retry: "Retry Execution", updateApprovalStatus: "Approve or Reject" }[$parameter["operation"]] || $parameter["operation"] }}',
		description: 'Finish SageMaker Pipelines callback steps and drive pipeline executions',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines',
		defaults: { name: 'AWS SageMaker Pipelines' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'awsSageMakerApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Callback Step', value: 'callbackStep' },
					{ name: 'Model Package', value: 'modelPackage' },
					{ name: 'Pipeline Execution', value: 'pipelineExecution' },
				],
				default: 'callbackStep',
			},
			...callbackStep.description,
			...pipelineExecution.description,
			...modelPackage.description,
		],
	};

	methods = { listSearch: { searchPipelines, searchModelPackageGroups, searchPendingModelPackages } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { router } = await loadRouter();
		return await router.call(this);
	}
}
