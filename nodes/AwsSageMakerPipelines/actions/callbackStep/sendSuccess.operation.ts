import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { deriveClientRequestToken } from '../../../shared/idempotency';
import type { AwsClient } from '../../../shared/transport/awsRequest';
import {
	checkCallbackToken,
	checkClientRequestToken,
	checkOutputParameters,
	parseJsonOutputs,
} from '../../../shared/validation';
import { callbackTokenField, clientRequestTokenOption, maxConcurrentRequestsOption } from '../common.descriptions';
import { showFor } from '../types';
import { completionResult, type CompletionResponse } from './completionResult';

const OPERATION = 'SendPipelineExecutionStepSuccess';
const displayOptions = showFor('callbackStep', 'sendSuccess');

export const description: INodeProperties[] = [
	callbackTokenField(displayOptions),
	{
		displayName: 'Specify Outputs',
		name: 'specifyOutputs',
		type: 'options',
		options: [
			{ name: 'Using Fields Below', value: 'keypair' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'keypair',
		description: 'How to give the output parameters the callback step declared',
		displayOptions,
	},
	{
		displayName: 'Output Parameters',
		name: 'outputParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Output Parameter',
		default: {},
		description:
			'Values for the outputs the callback step declared (at most 50). Numbers and booleans are sent as text, objects as JSON text.',
		displayOptions: { show: { ...displayOptions?.show, specifyOutputs: ['keypair'] } },
		options: [
			{
				displayName: 'Parameter',
				name: 'parameters',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						description: 'The output name as declared in the callback step (up to 256 characters)',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Up to 1024 characters once turned into text',
					},
				],
			},
		],
	},
	{
		displayName: 'JSON Outputs',
		name: 'jsonOutputs',
		type: 'json',
		default: '{\n  "approved": true\n}',
		description: 'An object of output name → value. Numbers and booleans are sent as text, objects as JSON text.',
		displayOptions: { show: { ...displayOptions?.show, specifyOutputs: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions,
		options: [clientRequestTokenOption, maxConcurrentRequestsOption],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject> {
	const callbackToken = checkCallbackToken(this.getNodeParameter('callbackToken', itemIndex));
	const pairs =
		this.getNodeParameter('specifyOutputs', itemIndex) === 'json'
			? parseJsonOutputs(this.getNodeParameter('jsonOutputs', itemIndex))
			: (this.getNodeParameter('outputParameters.parameters', itemIndex, []) as Array<{ name: unknown; value: unknown }>);
	const outputParameters = checkOutputParameters(pairs);
	const options = this.getNodeParameter('options', itemIndex, {}) as { clientRequestToken?: string };
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
