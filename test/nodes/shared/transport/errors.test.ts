import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe('AWS errors reach the user with the AWS code, HTTP status, request id and a hint', () => {
	test("an unknown token: ResourceNotFound with what it usually means, not n8n's DNS message", async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, success, [{ token: 'Unknown123' }]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(
			/^SageMaker SendPipelineExecutionStepSuccess failed: .+ \[ResourceNotFound\]$/,
		);
		expect(error?.message).not.toMatch(/connection cannot be established/);
		expect(error?.description).toMatch(/already completed/);
		expect(error?.description).toMatch(
			/AWS error code: ResourceNotFound · HTTP status: 400 · Request ID: \S+/,
		);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(1);
	});

	test('a token used twice with a different payload fails the second time, once, not retried', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		await runNode(emulator, success, [{ token: step.token }]);
		const second = await runNode(
			emulator,
			{ ...success, operation: 'sendFailure', failureReason: 'late' },
			[{ token: step.token }],
		);
		expect(second.error('SageMaker')?.message).toMatch(/\[ResourceNotFound\]/);
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
		});
		expect(requestsFor(emulator, 'SendPipelineExecutionStepFailure')).toHaveLength(1);
	});

	const injected: Array<[string, number, RegExp]> = [
		['ConflictException', 400, /changing state/],
		['ResourceLimitExceeded', 400, /quota/],
		['ValidationException', 400, /names the field/],
		['AccessDeniedException', 400, /may not call sagemaker:SendPipelineExecutionStepSuccess/],
		['UnrecognizedClientException', 400, /Access Key ID/],
		['ExpiredTokenException', 400, /temporary credentials/],
	];
	test.each(injected)('%s', async (code, status, hint) => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({
			operation: 'SendPipelineExecutionStepSuccess',
			kind: 'error',
			code,
			status,
			message: `emulated ${code}`,
		});
		const result = await runNode(emulator, success, [{ token: step.token }]);
		const error = result.error('SageMaker');
		expect(error?.message).toBe(
			`SageMaker SendPipelineExecutionStepSuccess failed: emulated ${code} [${code}]`,
		);
		expect(error?.description).toMatch(hint);
		expect(error?.description).toContain(`HTTP status: ${status}`);
		// 4xx other than throttling are never retried
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(1);
	});

	test('continue on fail: the failed item becomes an error item with code and request id, the others go on', async () => {
		const { emulator } = ctx;
		const ok = emulator.sageMaker.createCallbackStep();
		const result = await runNode(
			emulator,
			success,
			[{ token: 'Unknown123' }, { token: ok.token }],
			{
				node: { onError: 'continueRegularOutput' },
			},
		);
		const [failed, done] = result.output('SageMaker');
		expect(failed.json).toMatchObject({ code: 'ResourceNotFound', httpCode: '400' });
		expect(failed.json.requestId).toEqual(expect.any(String));
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(done.json.status).toBe('Succeeded');
	});
});
