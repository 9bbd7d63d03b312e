/**
 * The editor's "listen for test event": n8n's manual run of the trigger shows one message and consumes
 * nothing — the message is visible again at once for the active workflow, and so is anything the
 * filter held back while listening.
 */
import { requestsFor, useEmulator } from '../../harness/emulator';
import { listenForTestEvent } from '../../harness/trigger';
import { gatedWorkflow, newQueue } from './helpers';
import { delay } from '../../harness/wait';

const ctx = useEmulator();

describe('AWS SageMaker Pipelines Trigger: listen for test event', () => {
	test('shows one callback message and leaves it in the queue, visible', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			queueUrl,
			arguments: { reviewer: 'ana' },
		});
		emulator.sageMaker.createCallbackStep({ pipelineName: 'churn-model', queueUrl });

		const result = await listenForTestEvent(gatedWorkflow(emulator, queueUrl, 'pass'));

		expect(result.error('Trigger')).toBeUndefined();
		const items = result.output('Trigger');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			token: step.token,
			pipelineName: 'churn-model',
			stepArguments: { reviewer: 'ana' },
			status: 'Executing',
		});
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ deleted: 0, visible: 2, inFlight: 0 });
	});

	test('messages the filter held back while listening are visible again when listening ends', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ pipelineName: 'fraud-model', queueUrl });
		const wanted = emulator.sageMaker.createCallbackStep({ pipelineName: 'churn-model', queueUrl });

		const result = await listenForTestEvent(
			gatedWorkflow(emulator, queueUrl, 'pass', { pipelineNames: 'churn-model' }),
		);

		expect(result.output('Trigger').map((item) => item.json.token)).toEqual([wanted.token]);
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ deleted: 0, visible: 2, inFlight: 0 });
	});

	test('a body that is not a callback message ends the test run with the reason, and stays in the queue', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const messageId = emulator.sqs.sendMessage(queueUrl, 'hello');

		const result = await listenForTestEvent(gatedWorkflow(emulator, queueUrl, 'pass'));

		expect(result.error('Trigger')?.message).toBe(
			`SQS message ${messageId} is not a SageMaker callback message: the body is not JSON (5 characters)`,
		);
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ deleted: 0, visible: 1, inFlight: 0 });
		// n8n does not close a trigger whose test run failed: listening must have stopped by itself.
		const receives = requestsFor(emulator, 'ReceiveMessage').length;
		await delay(500);
		expect(requestsFor(emulator, 'ReceiveMessage')).toHaveLength(receives);
	});
});
