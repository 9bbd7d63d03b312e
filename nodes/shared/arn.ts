/** Reads the parts users want out of a pipeline execution ARN. */

const EXECUTION_ARN =
	/^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):(\d{12}):pipeline\/([^/]+)\/execution\/([^/]+)$/i;

export function parsePipelineExecutionArn(arn: string): {
	pipelineName?: string;
	pipelineExecutionId?: string;
} {
	const match = EXECUTION_ARN.exec(arn);
	return match ? { pipelineName: match[3], pipelineExecutionId: match[4] } : {};
}
