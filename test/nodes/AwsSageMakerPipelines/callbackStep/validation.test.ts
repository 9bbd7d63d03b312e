import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';

const ctx = useEmulator();

const success = (extra: INodeParameters): INodeParameters => ({
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
	...extra,
});
const outputs = (...parameters: Array<{ name: string; value: string }>) => ({
	outputParameters: { parameters },
});

const cases: Array<[string, INodeParameters, IDataObject, RegExp]> = [
	['an empty token', success({}), { token: '' }, /Callback Token is empty/],
	[
		'a token of the wrong length',
		success({}),
		{ token: 'abc' },
		/Callback Token must be exactly 10 letters or digits \(got 3 characters\)/,
	],
	[
		'a token with other characters',
		success({}),
		{ token: 'abc-efghij' },
		/exactly 10 letters or digits \(got characters other than letters and digits\)/,
	],
	[
		'a token that is not text',
		success({}),
		{ token: 1234567890 },
		/Callback Token must be text, got a number/,
	],
	[
		'a null output value',
		success(outputs({ name: 'x', value: '={{ $json.missing }}' })),
		{ token: 'abcdefghij' },
		/Output Parameters "x" value has no value/,
	],
	[
		'an output value over 1024 characters',
		success(outputs({ name: 'x', value: '={{ "v".repeat(1025) }}' })),
		{ token: 'abcdefghij' },
		/Output Parameters "x" value must be at most 1024 characters \(got 1025 characters\)/,
	],
	[
		'an output name over 256 characters',
		success(outputs({ name: 'n'.repeat(257), value: '1' })),
		{ token: 'abcdefghij' },
		/name must be 1 to 256 characters \(got 257 characters\)/,
	],
	[
		'duplicate output names',
		success(outputs({ name: 'a', value: '1' }, { name: 'a', value: '2' })),
		{ token: 'abcdefghij' },
		/Output Parameters "a" appears twice/,
	],
	[
		'an output with no name',
		success(outputs({ name: '', value: '1' })),
		{ token: 'abcdefghij' },
		/Output Parameters #1 has no name/,
	],
	[
		'JSON outputs that are an array',
		success({ specifyOutputs: 'json', jsonOutputs: '[1,2]' }),
		{ token: 'abcdefghij' },
		/JSON Outputs must be a JSON object of name → value, got an array/,
	],
	[
		'JSON outputs that do not parse',
		success({ specifyOutputs: 'json', jsonOutputs: '{"a":' }),
		{ token: 'abcdefghij' },
		/JSON Outputs is not valid JSON/,
	],
	[
		'a short client request token',
		success({ options: { clientRequestToken: 'short' } }),
		{ token: 'abcdefghij' },
		/Client Request Token must be 32 to 128 characters \(got 5 characters\)/,
	],
	[
		'a failure reason over 256 characters',
		{
			resource: 'callbackStep',
			operation: 'sendFailure',
			callbackToken: '={{ $json.token }}',
			failureReason: '={{ "r".repeat(300) }}',
		},
		{ token: 'abcdefghij' },
		/Failure Reason must be at most 256 characters \(got 300 characters\)/,
	],
];

describe('bad input is refused before any request, naming the field and the rule', () => {
	test.each(cases)('%s', async (_name, parameters, input, message) => {
		const { emulator } = ctx;
		const result = await runNode(emulator, parameters, [input]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(message);
		expect(error?.context?.itemIndex).toBe(0);
		expect(emulator.requests).toHaveLength(0);
	});

	test('more than 50 outputs', async () => {
		const { emulator } = ctx;
		const parameters = Array.from({ length: 51 }, (_, i) => ({ name: `o${i}`, value: '1' }));
		const result = await runNode(emulator, success(outputs(...parameters)), [
			{ token: 'abcdefghij' },
		]);
		expect(result.error('SageMaker')?.message).toMatch(
			/Output Parameters can hold at most 50 parameters \(got 51\)/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('with continue on fail, the bad item becomes an error item paired to it and the good ones go through', async () => {
		const { emulator } = ctx;
		const good = [emulator.sageMaker.createCallbackStep(), emulator.sageMaker.createCallbackStep()];
		const result = await runNode(
			emulator,
			success({}),
			[{ token: good[0].token }, { token: 'nope' }, { token: good[1].token }],
			{
				node: { onError: 'continueRegularOutput' },
			},
		);
		const output = result.output('SageMaker');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.status).toBe('Succeeded');
		expect(output[1].json.error).toMatch(
			/Callback Token must be exactly 10 letters or digits \(got 4 characters\)/,
		);
		expect(output[2].json.status).toBe('Succeeded');
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(2);
	});

	test('the error never shows the token value itself', async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, success({}), [{ token: 'SECRETISH-TOKEN-VALUE' }]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(/got 21 characters/);
		expect(`${error?.message} ${error?.description}`).not.toContain('SECRETISH');
	});
});
