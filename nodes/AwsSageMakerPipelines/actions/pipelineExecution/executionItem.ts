/** How the pipeline-execution operations' items name and show an execution. */
import type { IDataObject } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../../../shared/arn';
import type { AwsResult } from '../../../shared/transport/awsRequest';
import { toOutputObject } from '../../helpers/awsOutput';
import type { DescribedExecution, ExecutionArnAnswer } from '../../sagemaker';

/** How every item names its execution: the ARN and, read from it, the pipeline name and execution id. */
export function executionRef(
	pipelineExecutionArn: string,
): IDataObject & { pipelineExecutionArn: string } {
	return { pipelineExecutionArn, ...parsePipelineExecutionArn(pipelineExecutionArn) };
}

/** What Start, Stop and Retry output: the execution acted on, the token used, AWS's request id. */
export function actedOn(
	response: AwsResult<ExecutionArnAnswer>,
	pipelineExecutionArn: string,
	clientRequestToken: string,
): IDataObject & { pipelineExecutionArn: string } {
	const arn = response.output.PipelineExecutionArn ?? pipelineExecutionArn;
	return { ...executionRef(arn), clientRequestToken, awsRequestId: response.requestId };
}

/** The item for a described execution: AWS's members camel-cased, plus the parts of its ARN. */
export function executionJson(
	described: DescribedExecution,
	pipelineExecutionArn: string,
	requestId?: string,
): IDataObject {
	const arn =
		typeof described.PipelineExecutionArn === 'string'
			? described.PipelineExecutionArn
			: pipelineExecutionArn;
	return {
		...toOutputObject(described),
		...executionRef(arn),
		...(requestId ? { awsRequestId: requestId } : {}),
	};
}
