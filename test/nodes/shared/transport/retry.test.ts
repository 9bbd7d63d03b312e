import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe('retries: throttling, 5xx and dropped connections, with the same ClientRequestToken', () => {
	test.each([
		['throttling', { kind: 'throttle' as const, times: 2 }],
		['a 500', { kind: 'serverError' as const, times: 2 }],
		['a dropped connection', { kind: 'drop' as const, times: 2 }],
	])('%s twice, then success: the step is completed exactly once', async (_name, fault) => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({ operation: 'SendPipelineExecutionStepSuccess', ...fault });
		const result = await runNode(emulator, success, [{ token: step.token }]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json.status).toBe('Succeeded');
		const attempts = requestsFor(emulator, 'SendPipelineExecutionStepSuccess');
		expect(attempts).toHaveLength(3);
		expect(new Set(attempts.map((a) => a.clientRequestToken)).size).toBe(1);
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
		});
	});

	test('gives up after 3 attempts and says how many it made', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({
			operation: 'SendPipelineExecutionStepSuccess',
			kind: 'throttle',
			times: 5,
		});
		const result = await runNode(emulator, success, [{ token: step.token }]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(/\[ThrottlingException\]$/);
		expect(error?.description).toMatch(/tried 3 times/);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(3);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');
	});

	test('running the same item again is idempotent at SageMaker (derived ClientRequestToken)', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const parameters = {
			...success,
			outputParameters: { parameters: [{ name: 'ok', value: 'yes' }] },
		};
		const first = await runNode(emulator, parameters, [{ token: step.token }]);
		const again = await runNode(emulator, parameters, [{ token: step.token }]);
		expect(again.error('SageMaker')).toBeUndefined();
		expect(again.output('SageMaker')[0].json).toEqual(
			expect.objectContaining({
				status: 'Succeeded',
				clientRequestToken: first.output('SageMaker')[0].json.clientRequestToken,
			}),
		);
		expect(emulator.sageMaker.step(step.token)?.completions).toBe(1);
	});

	test('a ClientRequestToken given by the user is sent as is', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const token = 'user-chosen-idempotency-token-0001';
		await runNode(emulator, { ...success, options: { clientRequestToken: token } }, [
			{ token: step.token },
		]);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')[0].clientRequestToken).toBe(
			token,
		);
	});
});
