import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

describe('Send Step Failure', () => {
	test('fails the waiting step with the reason', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep({ pipelineName: 'etl' });
		const result = await runNode(
			emulator,
			{
				resource: 'callbackStep',
				operation: 'sendFailure',
				callbackToken: '={{ $json.token }}',
				failureReason: '={{ "rows missing: " + $json.missing }}',
			},
			[{ token: step.token, missing: 12 }],
		);
		expect(result.output('SageMaker')[0].json).toMatchObject({
			status: 'Failed',
			callbackToken: step.token,
			pipelineName: 'etl',
			failureReason: 'rows missing: 12',
		});
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Failed',
			failureReason: 'rows missing: 12',
			completions: 1,
		});
	});

	test('an empty reason leaves FailureReason out of the request', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		await runNode(
			emulator,
			{ resource: 'callbackStep', operation: 'sendFailure', callbackToken: step.token },
			[{}],
		);
		const [request] = requestsFor(emulator, 'SendPipelineExecutionStepFailure');
		expect(Object.keys(JSON.parse(request.rawBody))).toEqual([
			'CallbackToken',
			'ClientRequestToken',
		]);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Failed');
	});
});
