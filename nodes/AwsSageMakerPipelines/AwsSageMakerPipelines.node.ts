import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { onFirstUse } from '../shared/onFirstUse';
import { nodeProperties, subtitle } from './actions/operations';
import {
	searchModelPackageGroups,
	searchPendingModelPackages,
	searchPipelines,
} from './methods/listSearch';

const loadRouter = onFirstUse(async () => await import('./actions/router'));

export class AwsSageMakerPipelines implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AWS SageMaker Pipelines',
		name: 'awsSageMakerPipelines',
		icon: { light: 'file:sagemaker.svg', dark: 'file:sagemaker.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: subtitle(),
		description: 'Finish SageMaker Pipelines callback steps and drive pipeline executions',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines',
		defaults: { name: 'AWS SageMaker Pipelines' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'awsSageMakerApi', required: true }],
		properties: nodeProperties(),
	};

	methods = {
		listSearch: { searchPipelines, searchModelPackageGroups, searchPendingModelPackages },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { router } = await loadRouter();
		return await router.call(this);
	}
}
