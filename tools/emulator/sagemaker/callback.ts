/**
 * SendPipelineExecutionStepSuccess and SendPipelineExecutionStepFailure on the wire: botocore's limits, then
 * ClientRequestToken idempotency (the same token and payload get the first answer again and complete nothing;
 * the same token with another payload is a ValidationException), then the step's own state (model.ts).
 */
import type { OperationHandler } from '../server';
import type { SageMakerModel } from './model';
import {
	checkRequest,
	SendPipelineExecutionStepFailureRequest,
	SendPipelineExecutionStepSuccessRequest,
} from './shapes';

interface CallbackInput {
	CallbackToken: string;
	ClientRequestToken?: string;
}

function complete(
	model: SageMakerModel,
	input: CallbackInput,
	fingerprint: string,
	outcome: Parameters<SageMakerModel['completeCallback']>[1],
) {
	// Success and failure share one idempotency scope: a token reused across the two is a mismatch.
	const replayed = model.idempotency.replay('callback', input.ClientRequestToken, fingerprint);
	if (replayed !== undefined) {
		model.noteReplay(input.CallbackToken);
		return replayed;
	}
	const execution = model.completeCallback(input.CallbackToken, outcome, input.ClientRequestToken);
	const response = { PipelineExecutionArn: execution.arn };
	model.idempotency.remember('callback', input.ClientRequestToken, fingerprint, response);
	return response;
}

export function callbackOperations(model: SageMakerModel): Record<string, OperationHandler> {
	return {
		SendPipelineExecutionStepSuccess(
			input: CallbackInput & { OutputParameters?: Array<{ Name: string; Value: string }> },
		) {
			checkRequest(SendPipelineExecutionStepSuccessRequest, input);
			const outputParameters = (input.OutputParameters ?? []).map(({ Name, Value }) => ({
				Name,
				Value,
			}));
			const fingerprint = JSON.stringify(['success', input.CallbackToken, outputParameters]);
			return complete(model, input, fingerprint, { outputParameters });
		},
		SendPipelineExecutionStepFailure(input: CallbackInput & { FailureReason?: string }) {
			checkRequest(SendPipelineExecutionStepFailureRequest, input);
			const failureReason = input.FailureReason ?? '';
			const fingerprint = JSON.stringify(['failure', input.CallbackToken, failureReason]);
			return complete(model, input, fingerprint, { failureReason });
		},
	};
}
