import type { INodeProperties } from 'n8n-workflow';

import { checkCallbackToken, checkOutputParameters } from '../../../shared/validation';
import { sendPipelineExecutionStepSuccess } from '../../sagemaker';
import {
	callbackClientRequestToken,
	callbackClientRequestTokenOption,
} from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import { nameValueFields, readNameValuePairs, type NameValueFieldsSpec } from '../nameValueFields';
import type { OperationExecute } from '../types';
import { callbackTokenField, completionResult } from './completion';

export const option = {
	name: 'Send Step Success',
	value: 'sendSuccess',
	action: 'Send step success',
	description: 'Finish a waiting callback step as succeeded, with its output parameters',
};
export const subtitle = 'Send Step Success';

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
		description:
			'An object of output name → value. Numbers and booleans are sent as text, objects as JSON text.',
	},
};

export const properties: INodeProperties[] = [
	callbackTokenField,
	...nameValueFields(OUTPUTS),
	optionsField([callbackClientRequestTokenOption, maxConcurrentRequestsOption]),
];

export const execute: OperationExecute = async function (itemIndex, client, parameters) {
	const callbackToken = checkCallbackToken(parameters.get('callbackToken', itemIndex));
	const outputParameters = checkOutputParameters(
		readNameValuePairs(parameters, OUTPUTS, itemIndex),
	);
	const clientRequestToken = callbackClientRequestToken(
		parameters,
		itemIndex,
		'SendPipelineExecutionStepSuccess',
		callbackToken,
		outputParameters,
	);
	const response = await sendPipelineExecutionStepSuccess(client, {
		callbackToken,
		outputParameters,
		clientRequestToken,
	});
	return {
		...completionResult('Succeeded', callbackToken, clientRequestToken, response),
		outputParameters: Object.fromEntries(outputParameters.map(({ Name, Value }) => [Name, Value])),
	};
};
