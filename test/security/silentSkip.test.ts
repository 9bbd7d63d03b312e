/**
 * No silent skip: every input item ends as an output item or an error. Options set by expressions never
 * met the editor's checks; a value of the wrong type is an error naming the field and the rule, and no
 * request is sent for it.
 */
import type { INodeParameters } from 'n8n-workflow';

import { requestsFor, runNode, useEmulator } from '../harness/emulator';

const ctx = useEmulator();

const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe('Max Concurrent Requests from an expression that is not a number', () => {
	test.each([
		['={{ "abc" }}'],
		['={{ $json.missing }}'],
		['={{ 0 }}'],
		['={{ 2.5 }}'],
		['={{ NaN }}'],
		['={{ 1000 }}'],
	])('%s: the run fails naming the field; no request, no step finished', async (expression) => {
		const { emulator } = ctx;
		const steps = [
			emulator.sageMaker.createCallbackStep(),
			emulator.sageMaker.createCallbackStep(),
		];
		const result = await runNode(
			emulator,
			{ ...success, options: { maxConcurrentRequests: expression } },
			steps.map((step) => ({ token: step.token })),
		);
		expect(result.error('SageMaker')?.message).toMatch(
			/^Max Concurrent Requests (must be a whole number from 1 to 100|has no value)/,
		);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
		expect(steps.map((step) => emulator.sageMaker.step(step.token)?.status)).toEqual([
			'Executing',
			'Executing',
		]);
	});

	test('with continue on fail, every item becomes an error item paired to it', async () => {
		const { emulator } = ctx;
		const result = await runNode(
			emulator,
			{ ...success, options: { maxConcurrentRequests: '={{ "abc" }}' } },
			[{ token: 'aaaaaaaaaa' }, { token: 'bbbbbbbbbb' }],
			{
				node: { onError: 'continueRegularOutput' },
			},
		);
		const items = result.output('SageMaker');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/Max Concurrent Requests/),
			expect.stringMatching(/Max Concurrent Requests/),
		]);
	});

	test('numeric text from an expression is a number', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runNode(
			emulator,
			{ ...success, options: { maxConcurrentRequests: '={{ "3" }}' } },
			[{ token: step.token }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json.status).toBe('Succeeded');
	});
});

describe('other options and fields of the wrong type, per item', () => {
	const cases: Array<[string, INodeParameters, RegExp]> = [
		[
			'Client Request Token as a number',
			{ ...success, options: { clientRequestToken: '={{ 12345 }}' } },
			/Client Request Token must be 32 to 128 characters/,
		],
		[
			'Include Parameters as text',
			{
				resource: 'pipelineExecution',
				operation: 'describe',
				pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
				options: { includeParameters: '={{ "false" }}' },
			},
			/Include Parameters must be true or false/,
		],
		[
			'Sort Order not one of the choices',
			{
				resource: 'pipelineExecution',
				operation: 'listSteps',
				pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
				options: { sortOrder: '={{ "sideways" }}' },
			},
			/Sort Order must be one of/,
		],
		[
			'Return All as text',
			{
				resource: 'pipelineExecution',
				operation: 'list',
				pipeline: { __rl: true, mode: 'name', value: 'p' },
				returnAll: '={{ "yes" }}',
			},
			/Return All must be true or false/,
		],
	];
	test.each(cases)(
		'%s: an error naming the field, no request',
		async (_name, parameters, message) => {
			const { emulator } = ctx;
			const result = await runNode(emulator, parameters, [{ token: 'aaaaaaaaaa' }]);
			expect(result.error('SageMaker')?.message).toMatch(message);
			expect(emulator.requests.filter((request) => request.service === 'sagemaker')).toHaveLength(
				0,
			);
		},
	);
});
