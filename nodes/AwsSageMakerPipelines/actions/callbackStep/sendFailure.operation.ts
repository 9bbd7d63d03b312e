import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deriveClientRequestToken } from '../../../shared/idempotency';
import type { AwsClient } from '../../../shared/transport/awsRequest';
import { checkCallbackToken, checkClientRequestToken, checkFailureReason } from '../../../shared/validation';
import { callbackTokenField, clientRequestTokenOption, maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { ItemParameters } from '../itemParameters';
import { showFor } from '../types';
import { completionResult, type CompletionResponse } from './completionResult';

const OPERATION = 'SendPipelineExecutionStepFailure';
const displayOptions = showFor('callbackStep', 'sendFailure');

export const description: INodeProperties[] = [
	callbackTokenField(displayOptions),
	{
		displayName: 'Failure Reason',
		name: 'failureReason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Data check failed: 12% of rows have no label',
		description: 'Why the step failed (up to 256 characters); SageMaker shows it on the failed step',
		displayOptions,
	},
	optionsField(displayOptions, [clientRequestTokenOption, maxConcurrentRequestsOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: AwsClient,
	parameters: ItemParameters,
): Promise<IDataObject> {
	const callbackToken = checkCallbackToken(parameters.get('callbackToken', itemIndex));
	const failureReason = checkFailureReason(parameters.get('failureReason', itemIndex, ''));
	const options = parameters.get('options', itemIndex, {}) as { clientRequestToken?: string };
	const clientRequestToken = options.clientRequestToken
		? checkClientRequestToken(options.clientRequestToken)
		: deriveClientRequestToken(OPERATION, callbackToken, failureReason);

	// Member order as the AWS SDK serializes it, so the bytes on the wire are the same.
	const input = {
		CallbackToken: callbackToken,
		...(failureReason ? { FailureReason: failureReason } : {}),
		ClientRequestToken: clientRequestToken,
	};
	const response = await client.call<CompletionResponse>({ service: 'sagemaker', operation: OPERATION, input });
	return { ...completionResult('Failed', callbackToken, clientRequestToken, response), failureReason };
}
