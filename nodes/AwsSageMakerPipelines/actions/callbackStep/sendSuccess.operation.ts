import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deriveClientRequestToken } from '../../../shared/idempotency';
import type { AwsClient } from '../../../shared/transport/awsRequest';
import {
	checkCallbackToken,
	checkClientRequestToken,
	checkOutputParameters,
} from '../../../shared/validation';
import { callbackTokenField, clientRequestTokenOption, maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { ItemParameters } from '../itemParameters';
import { nameValueFields, readNameValuePairs, type NameValueFieldsSpec } from '../nameValueFields';
import { showFor } from '../types';
import { completionResult, type CompletionResponse } from './completionResult';

const OPERATION = 'SendPipelineExecutionStepSuccess';
const displayOptions = showFor('callbackStep', 'sendSuccess');

const OUTPUTS: NameValueFieldsSpec = {
	modeName: 'specifyOutputs',
	collectionName: 'outputParameters',
	modeLabel: 'Specify Outputs',
	modeDescription: 'How to give the output parameters the callback step declared',
	collectionLabel: 'Output Parameters',
	collectionDescription:
		'Values for the outputs the callback step declared (at most 50). Numbers and booleans are sent as text, objects as JSON text.',
	addLabel: 'Add Output Parameter',
	nameDescription: 'The output name as declared in the callback step (up to 256 characters)',
	jsonField: {
		displayName: 'JSON Outputs',
		name: 'jsonOutputs',
		type: 'json',
		default: '{\n  "approved": true\n}',
		description: 'An object of output name → value. Numbers and booleans are sent as text, objects as JSON text.',
	},
};

export const description: INodeProperties[] = [
	callbackTokenField(displayOptions),
	...nameValueFields(OUTPUTS, displayOptions),
	optionsField(displayOptions, [clientRequestTokenOption, maxConcurrentRequestsOption]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: AwsClient,
	parameters: ItemParameters,
): Promise<IDataObject> {
	const callbackToken = checkCallbackToken(parameters.get('callbackToken', itemIndex));
	const outputParameters = checkOutputParameters(readNameValuePairs(parameters, OUTPUTS, itemIndex));
	const options = parameters.get('options', itemIndex, {}) as { clientRequestToken?: string };
	const clientRequestToken = options.clientRequestToken
		? checkClientRequestToken(options.clientRequestToken)
		: deriveClientRequestToken(OPERATION, callbackToken, outputParameters);

	// Member order as the AWS SDK serializes it, so the bytes on the wire are the same.
	const input = { CallbackToken: callbackToken, OutputParameters: outputParameters, ClientRequestToken: clientRequestToken };
	const response = await client.call<CompletionResponse>({ service: 'sagemaker', operation: OPERATION, input });
	return {
		...completionResult('Succeeded', callbackToken, clientRequestToken, response),
		outputParameters: Object.fromEntries(outputParameters.map(({ Name, Value }) => [Name, Value])),
	};
}
