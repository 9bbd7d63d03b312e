import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkPipelineExecutionArn } from '../../../shared/validation';
import { callRetryingConflict } from '../../helpers/conflictRetry';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { showFor } from '../types';
import { pipelineClientRequestTokenOption, pipelineExecutionArnField, readClientRequestToken } from './descriptions';
import { actedOn } from './executionData';

const OPERATION = 'StopPipelineExecution';
const displayOptions = showFor('pipelineExecution', 'stop');

export const description: INodeProperties[] = [
	pipelineExecutionArnField(displayOptions),
	optionsField(displayOptions, [pipelineClientRequestTokenOption, maxConcurrentRequestsOption]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const pipelineExecutionArn = checkPipelineExecutionArn(this.getNodeParameter('pipelineExecutionArn', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as { clientRequestToken?: string };
	const clientRequestToken = readClientRequestToken.call(this, itemIndex, OPERATION, options.clientRequestToken);
	const response = await callRetryingConflict<{ PipelineExecutionArn?: string }>(client, {
		service: 'sagemaker',
		operation: OPERATION,
		input: { PipelineExecutionArn: pipelineExecutionArn, ClientRequestToken: clientRequestToken },
	});
	return actedOn(response, pipelineExecutionArn, clientRequestToken);
}
