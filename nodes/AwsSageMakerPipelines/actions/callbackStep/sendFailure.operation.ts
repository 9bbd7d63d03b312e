import type { INodeProperties } from 'n8n-workflow';

import { checkCallbackToken, checkFailureReason } from '../../../shared/validation';
import { sendPipelineExecutionStepFailure } from '../../sagemaker';
import {
	callbackClientRequestToken,
	callbackClientRequestTokenOption,
} from '../clientRequestToken';
import { maxConcurrentRequestsOption, optionsField } from '../common.descriptions';
import type { OperationExecute } from '../types';
import { callbackTokenField, completionResult } from './completion';

export const option = {
	name: 'Send Step Failure',
	value: 'sendFailure',
	action: 'Send step failure',
	description: 'Finish a waiting callback step as failed, with a reason',
};
export const subtitle = 'Send Step Failure';

export const properties: INodeProperties[] = [
	callbackTokenField,
	{
		displayName: 'Failure Reason',
		name: 'failureReason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		placeholder: 'Data check failed: 12% of rows have no label',
		description:
			'Why the step failed (up to 256 characters); SageMaker shows it on the failed step',
	},
	optionsField([callbackClientRequestTokenOption, maxConcurrentRequestsOption]),
];

export const execute: OperationExecute = async function (itemIndex, client, parameters) {
	const callbackToken = checkCallbackToken(parameters.get('callbackToken', itemIndex));
	const failureReason = checkFailureReason(parameters.get('failureReason', itemIndex, ''));
	const clientRequestToken = callbackClientRequestToken(
		parameters,
		itemIndex,
		'SendPipelineExecutionStepFailure',
		callbackToken,
		failureReason,
	);
	// An empty reason is not sent: the step fails without one.
	const response = await sendPipelineExecutionStepFailure(client, {
		callbackToken,
		failureReason: failureReason || undefined,
		clientRequestToken,
	});
	return {
		...completionResult('Failed', callbackToken, clientRequestToken, response),
		failureReason,
	};
};
