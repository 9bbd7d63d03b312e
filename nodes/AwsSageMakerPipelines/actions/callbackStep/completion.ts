/** What Send Step Success and Send Step Failure share: the Callback Token field and the output item. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../../../shared/arn';
import type { AwsResult } from '../../../shared/transport/awsRequest';
import type { ExecutionArnAnswer } from '../../sagemaker';

export const callbackTokenField: INodeProperties = {
	displayName: 'Callback Token',
	name: 'callbackToken',
	type: 'string',
	// A password field, as n8n's verification requires for a "…token" name. The editor still shows an
	// expression (the default one included) in its expression editor; only a fixed value is masked.
	typeOptions: { password: true },
	required: true,
	default: '={{ $json.token }}',
	placeholder: '26vcYbeWsZ',
	// The editor shows the hint only for a fixed value; with the default expression it shows the
	// expression's result instead, so the link is in the description (label tooltip) too.
	description:
		'The token SageMaker put in the callback step\'s SQS message (its "token" field): 10 letters or digits. The AWS SageMaker Pipelines Trigger outputs it as "token". See <a href="https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html#step-type-callback" target="_blank">callback steps</a>.',
	hint: 'Where it comes from: <a href="https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html#step-type-callback" target="_blank">callback steps</a>',
};

/** The part of the output both completions share: what was finished, in which execution. */
export function completionResult(
	status: 'Succeeded' | 'Failed',
	callbackToken: string,
	clientRequestToken: string,
	response: AwsResult<ExecutionArnAnswer>,
): IDataObject {
	const pipelineExecutionArn = response.output.PipelineExecutionArn ?? '';
	return {
		status,
		callbackToken,
		pipelineExecutionArn,
		...parsePipelineExecutionArn(pipelineExecutionArn),
		clientRequestToken,
		awsRequestId: response.requestId,
	};
}
