import type { IDataObject } from 'n8n-workflow';

import type { AwsResult } from '../../../shared/transport/awsRequest';
import { parsePipelineExecutionArn } from '../../../shared/arn';

export interface CompletionResponse {
	PipelineExecutionArn?: string;
}

/** The part of the output both completions share: what was finished, in which execution. */
export function completionResult(
	status: 'Succeeded' | 'Failed',
	callbackToken: string,
	clientRequestToken: string,
	response: AwsResult<CompletionResponse>,
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
