import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

function sendSuccess(extra: Record<string, unknown> = {}) {
	return {
		resource: 'callbackStep',
		operation: 'sendSuccess',
		callbackToken: '={{ $json.token }}',
		...extra,
	};
}

describe('Send Step Success', () => {
	test('finishes a waiting callback step with outputs mapped by expressions', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep({ pipelineName: 'churn-model' });
		const result = await runNode(
			emulator,
			sendSuccess({
				outputParameters: {
					parameters: [
						{ name: 'approved', value: '={{ $json.approved }}' },
						{ name: 'accuracy', value: '={{ $json.metrics.accuracy }}' },
						{ name: 'reviewer', value: '={{ $json.reviewer }}' },
						{ name: 'details', value: '={{ $json.metrics }}' },
					],
				},
			}),
			[{ token: step.token, approved: true, metrics: { accuracy: 0.93 }, reviewer: 'ana' }],
		);

		expect(result.error('SageMaker')).toBeUndefined();
		const [item] = result.output('SageMaker');
		expect(item.json).toMatchObject({
			status: 'Succeeded',
			callbackToken: step.token,
			pipelineExecutionArn: step.pipelineExecutionArn,
			pipelineName: 'churn-model',
			outputParameters: {
				approved: 'true',
				accuracy: '0.93',
				reviewer: 'ana',
				details: '{"accuracy":0.93}',
			},
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
			outputParameters: [
				{ Name: 'approved', Value: 'true' },
				{ Name: 'accuracy', Value: '0.93' },
				{ Name: 'reviewer', Value: 'ana' },
				{ Name: 'details', Value: '{"accuracy":0.93}' },
			],
		});
	});

	test('takes outputs as a JSON object, numbers and booleans sent as text', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(
			emulator,
			sendSuccess({
				specifyOutputs: 'json',
				jsonOutputs: '={{ JSON.stringify({ rows: $json.rows, ok: true }) }}',
			}),
			[{ token: step.token, rows: 3 }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(emulator.sageMaker.step(step.token)?.outputParameters).toEqual([
			{ Name: 'rows', Value: '3' },
			{ Name: 'ok', Value: 'true' },
		]);
	});

	test('with no outputs, sends an empty list and the step succeeds', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(emulator, sendSuccess(), [{ token: step.token }]);
		expect(result.output('SageMaker')[0].json.status).toBe('Succeeded');
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
	});

	test('many items: every step finished once, output in input order, paired to its item', async () => {
		const { emulator } = ctx;
		emulator.setLatency(15);
		const steps = Array.from({ length: 40 }, (_, i) =>
			emulator.sageMaker.createCallbackStep({ pipelineName: `p${i}` }),
		);
		const result = await runNode(
			emulator,
			sendSuccess({
				outputParameters: { parameters: [{ name: 'index', value: '={{ $json.index }}' }] },
			}),
			steps.map((step, index) => ({ token: step.token, index })),
		);
		const output = result.output('SageMaker');
		expect(output).toHaveLength(40);
		output.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.callbackToken).toBe(steps[index].token);
			expect(item.json.outputParameters).toEqual({ index: String(index) });
		});
		for (const step of steps)
			expect(emulator.sageMaker.step(step.token)).toMatchObject({
				status: 'Succeeded',
				completions: 1,
			});
	});

	test('keeps at most Max Concurrent Requests in flight', async () => {
		const { emulator } = ctx;
		emulator.setLatency(60);
		const steps = Array.from({ length: 12 }, () => emulator.sageMaker.createCallbackStep());
		await runNode(
			emulator,
			sendSuccess({ options: { maxConcurrentRequests: 4 } }),
			steps.map((s) => ({ token: s.token })),
		);
		const arrivals = requestsFor(emulator, 'SendPipelineExecutionStepSuccess')
			.map((request) => request.at)
			.sort((a, b) => a - b);
		expect(arrivals).toHaveLength(12);
		// The first four go out together; the fifth waits until one of them has been answered.
		expect(arrivals[3] - arrivals[0]).toBeLessThan(40);
		expect(arrivals[4] - arrivals[0]).toBeGreaterThanOrEqual(50);
	});
});
