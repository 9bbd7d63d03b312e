/** Fields several pipeline-execution operations share. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkPipelineExecutionArn, PIPELINE_LIMITS } from '../../../shared/validation';
import { locatorField, matching } from '../common.descriptions';

export const pipelineField: INodeProperties = locatorField({
	displayName: 'Pipeline',
	name: 'pipeline',
	description: 'The SageMaker pipeline, in the region of the credential',
	default: { mode: 'list', value: '' },
	list: { placeholder: 'Select a pipeline...', searchListMethod: 'searchPipelines' },
	modes: [
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'churn-model',
			validation: matching(
				PIPELINE_LIMITS.pipelineName.pattern,
				'Letters, digits and hyphens, starting and ending with a letter or digit (up to 256)',
			),
		},
		{
			displayName: 'By ARN',
			name: 'arn',
			type: 'string',
			placeholder: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model',
			validation: matching(PIPELINE_LIMITS.pipelineArn.pattern, 'Not a SageMaker pipeline ARN'),
		},
	],
});

export const pipelineExecutionArnField: INodeProperties = {
	displayName: 'Pipeline Execution ARN',
	name: 'pipelineExecutionArn',
	type: 'string',
	required: true,
	default: '={{ $json.pipelineExecutionArn }}',
	placeholder:
		'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/0a1b2c3d4e5f',
	description:
		'The execution, as Start Pipeline Execution, the trigger and Send Step Success output it',
};

/** This item's Pipeline Execution ARN, checked. */
export function readPipelineExecutionArn(this: IExecuteFunctions, itemIndex: number): string {
	return checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex));
}

export const maxParallelExecutionStepsOption: INodeProperties = {
	displayName: 'Max Parallel Execution Steps',
	name: 'maxParallelExecutionSteps',
	type: 'number',
	typeOptions: { minValue: PIPELINE_LIMITS.maxParallelExecutionSteps.min },
	default: 1,
	description:
		'How many steps of this execution SageMaker may run at the same time (ParallelismConfiguration)',
};
