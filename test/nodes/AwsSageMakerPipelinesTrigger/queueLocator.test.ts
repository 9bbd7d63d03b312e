/**
 * Queue URL is a resource locator (From List / By URL). Workflows saved while it was a plain text field hold
 * the URL itself: they must still activate and receive. Both forms reach the same checks.
 */
import { requestsFor, useEmulator } from '../../harness/emulator';
import { activateTrigger, type ActiveTrigger } from '../../harness/trigger';
import { gatedWorkflow, newQueue } from './helpers';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	await active?.close();
	active = undefined;
});

const forms: Array<[string, (url: string) => unknown]> = [
	['a plain URL string, as workflows saved before the picker hold it', (url) => url],
	[
		'picked from the list',
		(url) => ({ __rl: true, mode: 'list', value: url, cachedResultName: url.split('/').pop() }),
	],
	['typed By URL', (url) => ({ __rl: true, mode: 'url', value: url })],
];

describe('Queue URL as a resource locator', () => {
	test.each(forms)('%s: activates and receives the callback message', async (_form, value) => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const step = emulator.sageMaker.createCallbackStep({ queueUrl });
		const workflow = gatedWorkflow(emulator, queueUrl, 'pass');
		workflow.trigger.parameters = {
			...workflow.trigger.parameters,
			queueUrl: value(queueUrl) as string,
		};
		active = await activateTrigger(workflow);
		const [execution] = await active.waitForExecutions(1);
		expect(execution.items[0].json.token).toBe(step.token);
		expect(requestsFor(emulator, 'ReceiveMessage')[0].input.QueueUrl).toBe(queueUrl);
	});

	test('an empty locator fails activation naming Queue URL, before any request', async () => {
		const { emulator } = ctx;
		const workflow = gatedWorkflow(emulator, newQueue(emulator), 'pass');
		workflow.trigger.parameters = {
			...workflow.trigger.parameters,
			queueUrl: { __rl: true, mode: 'url', value: '={{ "" }}' },
		};
		await expect(activateTrigger(workflow)).rejects.toMatchObject({
			message: expect.stringMatching(/^Queue URL is empty/),
		});
		expect(emulator.requests).toHaveLength(0);
	});
});
