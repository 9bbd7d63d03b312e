/**
 * Parameters read once per execution, and the default `{{ $json.token }}` read from the item (actions/itemParameters.ts):
 * what a user sees must be what n8n's own evaluation of every parameter for every item gives.
 */
import { runNode, useEmulator } from '../../harness/emulator';

const ctx = useEmulator();

const fixedOutputs = { outputParameters: { parameters: [{ name: 'approved', value: 'yes' }] } };

describe('parameters of many items', () => {
	test('each item sends its own token (in any spacing of the default expression); fixed outputs reach every item', async () => {
		const { emulator } = ctx;
		for (const callbackToken of ['={{ $json.token }}', '={{$json.token}}']) {
			emulator.requests.length = 0;
			const fresh = [1, 2, 3].map(() => emulator.sageMaker.createCallbackStep());
			const result = await runNode(
				emulator,
				{ resource: 'callbackStep', operation: 'sendSuccess', callbackToken, ...fixedOutputs },
				fresh.map((step) => ({ token: step.token })),
			);
			expect(result.error('SageMaker')).toBeUndefined();
			const output = result.output('SageMaker');
			expect(output.map((item) => item.json.callbackToken)).toEqual(
				fresh.map((step) => step.token),
			);
			expect(output.map((item) => item.json.outputParameters)).toEqual(
				fresh.map(() => ({ approved: 'yes' })),
			);
			for (const step of fresh) {
				expect(emulator.sageMaker.step(step.token)).toMatchObject({
					status: 'Succeeded',
					outputParameters: [{ Name: 'approved', Value: 'yes' }],
				});
			}
			expect(emulator.requests.map((r) => r.input.CallbackToken)).toEqual(
				expect.arrayContaining(fresh.map((step) => step.token)),
			);
		}
	});

	test.each([
		['an object', { token: { value: 'abcdefghij' } }, /Callback Token must be text, got an object/],
		['missing', { other: 'abcdefghij' }, /Callback Token is empty/],
		['null', { token: null }, /Callback Token is empty/],
		['a boolean', { token: true }, /Callback Token must be text, got a boolean/],
	])(
		"a token field that is %s gets the error n8n's evaluation leads to, for that item, and nothing is sent",
		async (_name, input, message) => {
			const { emulator } = ctx;
			const good = emulator.sageMaker.createCallbackStep();
			const result = await runNode(
				emulator,
				{ resource: 'callbackStep', operation: 'sendSuccess', callbackToken: '={{ $json.token }}' },
				[{ token: good.token }, input],
				{ node: { onError: 'continueRegularOutput' } },
			);
			const output = result.output('SageMaker');
			expect(output[0].json).toMatchObject({ status: 'Succeeded', callbackToken: good.token });
			expect(String(output[1].json.error)).toMatch(message);
			expect(output[1].pairedItem).toEqual({ item: 1 });
			expect(emulator.requests).toHaveLength(1);
		},
	);
});
