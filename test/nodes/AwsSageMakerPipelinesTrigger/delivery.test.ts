/**
 * At-least-once delivery as a user sees it in the queue: a message starts one execution, is gone once that
 * execution succeeded, comes back when it failed, stays hidden while a long execution runs (up to Max Execution
 * Time), and is gone at once in "delete on receive" mode.
 */
import { requestsFor, useEmulator } from '../../harness/emulator';
import { activateTrigger, type ActiveTrigger } from '../../harness/trigger';
import { callbackLoopWorkflow, gatedWorkflow, heldGates, newQueue, releaseGates } from './helpers';
import { until } from '../../harness/wait';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	releaseGates();
	await active?.close();
	active = undefined;
});

describe('AWS SageMaker Pipelines Trigger: delivery', () => {
	test('a callback message starts one execution with the message as its item, and is deleted when it succeeded', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			queueUrl,
			arguments: {
				modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3',
				threshold: '0.9',
			},
		});

		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		const [execution] = await active.waitForExecutions(1);
		const { run } = await execution.result;

		expect(run.status).toBe('success');
		expect(execution.items).toHaveLength(1);
		const json = execution.items[0].json;
		expect(json).toMatchObject({
			token: step.token,
			pipelineExecutionArn: step.pipelineExecutionArn,
			pipelineName: 'churn-model',
			stepArguments: {
				modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3',
				threshold: '0.9',
			},
			status: 'Executing',
			receiveCount: 1,
		});
		expect(typeof json.messageId).toBe('string');
		expect(Date.parse(json.sentAt as string)).toBeGreaterThan(Date.now() - 60_000);

		await until(() => emulator.sqs.stats(queueUrl).deleted === 1, 'the message is deleted');
		expect(emulator.sqs.messages(queueUrl)).toHaveLength(0);
		expect(active.executions).toHaveLength(1);
	});

	test('a failed execution leaves the message; it comes back after the visibility timeout and runs again', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ queueUrl });

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'fail', { visibilityTimeout: 1 }),
		);
		const [first, second] = await active.waitForExecutions(2);

		expect((await first.result).run.status).toBe('error');
		expect(first.items[0].json.receiveCount).toBe(1);
		expect(second.items[0].json.receiveCount).toBe(2);
		expect(second.items[0].json.messageId).toBe(first.items[0].json.messageId);
		expect(emulator.sqs.stats(queueUrl).deleted).toBe(0);
		expect(requestsFor(emulator, 'DeleteMessage')).toHaveLength(0);
	});

	test('while an execution runs longer than the visibility timeout, the message stays hidden and is not delivered twice', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ queueUrl });

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'hold', { visibilityTimeout: 2 }),
		);
		await active.waitForExecutions(1);
		await until(() => heldGates() === 1, 'the execution is running');
		// Three visibility timeouts pass while the execution runs.
		await until(
			() => requestsFor(emulator, 'ChangeMessageVisibility').length >= 5,
			'the visibility was extended five times',
			10_000,
		);

		const [message] = emulator.sqs.messages(queueUrl);
		expect(message).toMatchObject({ visible: false, receiveCount: 1 });
		expect(active.executions).toHaveLength(1);
		for (const request of requestsFor(emulator, 'ChangeMessageVisibility')) {
			expect(request.status).toBe(200);
			expect(request.input).toMatchObject({ QueueUrl: queueUrl, VisibilityTimeout: 2 });
		}

		releaseGates();
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 1,
			'the message is deleted after the execution succeeded',
		);
		expect(emulator.sqs.stats(queueUrl).staleDeletes).toBe(0);
	});

	test('an execution that outlasts Max Execution Time no longer holds its message or its slot: the message comes back and runs again', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ queueUrl });

		// One slot: the second run can only start because the trigger stopped waiting for the first.
		const options = { visibilityTimeout: 1, maxExecutionTime: 3, maxConcurrentExecutions: 1 };
		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'hold', options));
		const [first, second] = await active.waitForExecutions(2);
		expect(first.items[0].json.receiveCount).toBe(1);
		expect(second.items[0].json).toMatchObject({
			messageId: first.items[0].json.messageId,
			receiveCount: 2,
		});
		// The first run was not stopped, only no longer waited for.
		await until(() => heldGates() === 2, 'both runs are going on');

		releaseGates();
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 1,
			'the second run deleted the message',
		);
		await Promise.all([first.result, second.result]);
		// The first run's late success deleted nothing with its outdated receipt.
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ deleted: 1, staleDeletes: 0 });
		expect(requestsFor(emulator, 'DeleteMessage')).toHaveLength(1);
		expect(active.executions).toHaveLength(2);
	});

	test('"right after it was received": the message is deleted before the execution, and a failed execution does not get it again', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ queueUrl });

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'fail', {
				deleteMessage: 'onReceive',
				visibilityTimeout: 1,
			}),
		);
		const [execution] = await active.waitForExecutions(1);
		expect(emulator.sqs.stats(queueUrl).deleted).toBe(1);
		expect((await execution.result).run.status).toBe('error');

		// Two visibility timeouts later nothing came back.
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		expect(active.executions).toHaveLength(1);
		expect(emulator.sqs.messages(queueUrl)).toHaveLength(0);
	});

	test('no more executions run at once than allowed; the rest wait in the queue', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		for (let i = 0; i < 5; i++)
			emulator.sageMaker.createCallbackStep({ queueUrl, pipelineName: `pipeline-${i}` });

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'hold', { maxConcurrentExecutions: 2 }),
		);
		await active.waitForExecutions(2);
		await until(() => heldGates() === 2, 'two executions run');
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(active.executions).toHaveLength(2);
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ visible: 3, inFlight: 2 });

		// Let each execution finish as soon as it runs; never more than two run at once.
		let mostRunning = 0;
		await until(() => {
			mostRunning = Math.max(mostRunning, heldGates());
			releaseGates();
			return emulator.sqs.stats(queueUrl).deleted === 5;
		}, 'all five messages are deleted');
		expect(mostRunning).toBeLessThanOrEqual(2);
		expect(active.executions).toHaveLength(5);
	});

	test('the full loop: trigger → Send Step Success with {{$json.token}} finishes the SageMaker step and deletes the message', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const step = emulator.sageMaker.createCallbackStep({ pipelineName: 'churn-model', queueUrl });

		active = await activateTrigger(callbackLoopWorkflow(emulator, queueUrl));
		const [execution] = await active.waitForExecutions(1);
		const { run } = await execution.result;

		expect(run.status).toBe('success');
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
		await until(() => emulator.sqs.stats(queueUrl).deleted === 1, 'the message is deleted');
	});
});
