/**
 * A value the user typed reaches SageMaker as typed, or is refused naming the output; never silently
 * altered. JSON.parse turns 12345678901234567890 into 12345678901234567000: a top-level number goes out as
 * written, a number inside an object or array that a JavaScript number cannot keep is refused, and so is a
 * number beyond 2^53 that arrives from an expression (it may already have been rounded).
 */
import { requestsFor, runNode, useEmulator } from '../harness/emulator';

const ctx = useEmulator();

function jsonOutputs(json: string) {
	return {
		resource: 'callbackStep',
		operation: 'sendSuccess',
		callbackToken: '={{ $json.token }}',
		specifyOutputs: 'json',
		jsonOutputs: json,
	};
}

describe('JSON Outputs: numbers as typed', () => {
	test('{"id": 12345678901234567890} is sent as "12345678901234567890"; 1.50 as "1.50"', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(
			emulator,
			jsonOutputs('{"id": 12345678901234567890, "score": 1.50, "n": 3, "ok": true}'),
			[{ token: step.token }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(
			requestsFor(emulator, 'SendPipelineExecutionStepSuccess')[0].input.OutputParameters,
		).toEqual([
			{ Name: 'id', Value: '12345678901234567890' },
			{ Name: 'score', Value: '1.50' },
			{ Name: 'n', Value: '3' },
			{ Name: 'ok', Value: 'true' },
		]);
	});

	test('a number inside an object that cannot be kept exactly: refused, naming the output; nothing sent', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(
			emulator,
			jsonOutputs('{"model": {"version": 12345678901234567891, "name": "a\\"1"}}'),
			[{ token: step.token }],
		);
		expect(result.error('SageMaker')?.message).toMatch(
			/JSON Outputs "model" holds the number 12345678901234567891, which cannot be passed on exactly/,
		);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
	});

	test('an object from an expression with a number beyond 2^53: refused, naming the output', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(emulator, jsonOutputs('={{ { "id": $json.big } }}'), [
			{ token: step.token, big: 2 ** 60 },
		]);
		expect(result.error('SageMaker')?.message).toMatch(/JSON Outputs "id" holds the number/);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
	});

	test('Output Parameters fields: a number beyond 2^53 from an expression is refused too', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const parameters = {
			resource: 'callbackStep',
			operation: 'sendSuccess',
			callbackToken: '={{ $json.token }}',
			outputParameters: { parameters: [{ name: 'id', value: '={{ $json.big }}' }] },
		};
		const result = await runNode(emulator, parameters, [{ token: step.token, big: 2 ** 60 }]);
		expect(result.error('SageMaker')?.message).toMatch(/Output Parameters "id" holds the number/);
	});
});

describe('Start: pipeline parameters as typed', () => {
	test('JSON Parameters with a big number reach SageMaker as written', async () => {
		const { emulator } = ctx;
		emulator.sageMaker.createPipeline({
			name: 'numbers',
			steps: [{ name: 'A', type: 'Processing' }],
		});
		const result = await runNode(
			emulator,
			{
				resource: 'pipelineExecution',
				operation: 'start',
				pipeline: { __rl: true, mode: 'name', value: 'numbers' },
				specifyParameters: 'json',
				jsonParameters: '{"Seed": 12345678901234567890}',
			},
			[{}],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(requestsFor(emulator, 'StartPipelineExecution')[0].input.PipelineParameters).toEqual([
			{ Name: 'Seed', Value: '12345678901234567890' },
		]);
	});
});
