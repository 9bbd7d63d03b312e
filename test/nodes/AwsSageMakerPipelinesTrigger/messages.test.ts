/**
 * What reaches the workflow: "Stopping" messages passed on (or skipped on request), bodies that are not
 * callback messages reported and left for the redrive policy, and the pipeline filter.
 */
import { useEmulator } from '../../harness/emulator';
import { activateTrigger, type ActiveTrigger } from '../../harness/trigger';
import { gatedWorkflow, newQueue } from './helpers';
import { delay, until } from '../../harness/wait';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	await active?.close();
	active = undefined;
});

function stoppedStep(queueUrl: string, pipelineName = 'churn-model') {
	const { emulator } = ctx;
	const arn = emulator.sageMaker.createPipeline({
		name: pipelineName,
		steps: [{ name: 'Approve', type: 'Callback', queueUrl }],
	});
	const execution = emulator.sageMaker.startExecution(emulator.sageMaker.pipelines.get(arn)!);
	emulator.sageMaker.stopExecution(execution.arn);
	return execution;
}

describe('AWS SageMaker Pipelines Trigger: messages', () => {
	test('a pipeline being stopped sends "Stopping": the workflow gets it with that status (the step still waits)', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const execution = stoppedStep(queueUrl);

		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		const [first, second] = await active.waitForExecutions(2);
		const statuses = [first, second].map((e) => e.items[0].json.status).sort();
		expect(statuses).toEqual(['Executing', 'Stopping']);
		expect(first.items[0].json.token).toBe(second.items[0].json.token);
		expect(first.items[0].json.pipelineExecutionArn).toBe(execution.arn);
		await until(() => emulator.sqs.stats(queueUrl).deleted === 2, 'both messages are deleted');
	});

	test('with Stopping messages skipped, they are deleted without starting the workflow', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		stoppedStep(queueUrl);

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'pass', { includeStopping: false }),
		);
		await until(() => emulator.sqs.stats(queueUrl).deleted === 2, 'both messages are gone');
		expect(active.executions).toHaveLength(1);
		expect(active.executions[0].items[0].json.status).toBe('Executing');
	});

	test.each([
		['plain text', 'hello'],
		[
			'JSON without a token',
			JSON.stringify({
				pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
				status: 'Executing',
			}),
		],
		[
			'a token of the wrong length',
			JSON.stringify({
				token: 'short',
				pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
				status: 'Executing',
			}),
		],
	])(
		'a body that is not a callback message (%s) is reported as a failed execution and left for the redrive policy',
		async (_what, body) => {
			const { emulator } = ctx;
			const queueUrl = newQueue(emulator, { maxReceiveCount: 2 });
			const dlqUrl = `${queueUrl}-dlq`;
			const messageId = emulator.sqs.sendMessage(queueUrl, body);

			active = await activateTrigger(
				gatedWorkflow(emulator, queueUrl, 'pass', { visibilityTimeout: 1 }),
			);
			const reported = await active.waitForFailedExecution();
			expect(reported.message).toContain(
				`SQS message ${messageId} is not a SageMaker callback message`,
			);
			expect((reported as Error & { description?: string }).description).toMatch(
				/dead-letter queue/,
			);

			// Received twice (reported each time), then SQS moves it to the dead-letter queue: never deleted, never run.
			await until(
				() => emulator.sqs.stats(queueUrl).movedToDlq === 1,
				'the message moved to the dead-letter queue',
				10_000,
			);
			expect(active.failedExecutions.length).toBe(2);
			expect(active.executions).toHaveLength(0);
			expect(active.errors).toHaveLength(0);
			expect(emulator.sqs.stats(queueUrl).deleted).toBe(0);
			expect(emulator.sqs.messages(dlqUrl).map((m) => m.body)).toEqual([body]);
		},
	);

	test('a malformed message does not hold up the callback messages behind it', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sqs.sendMessage(queueUrl, '{"not":"a callback"}');
		const step = emulator.sageMaker.createCallbackStep({ queueUrl });

		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		const [execution] = await active.waitForExecutions(1);
		expect(execution.items[0].json.token).toBe(step.token);
		await active.waitForFailedExecution();
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 1,
			'the callback message is deleted',
		);
		expect(emulator.sqs.messages(queueUrl).map((m) => m.body)).toEqual(['{"not":"a callback"}']);
	});

	test('the pipeline filter starts the workflow only for the named pipelines and leaves the others in the queue', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const wanted = emulator.sageMaker.createCallbackStep({ pipelineName: 'Churn-Model', queueUrl });
		emulator.sageMaker.createCallbackStep({ pipelineName: 'fraud-model', queueUrl });
		const alsoWanted = emulator.sageMaker.createCallbackStep({ pipelineName: 'scoring', queueUrl });

		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'pass', { pipelineNames: 'churn-model, Scoring' }),
		);
		const executions = await active.waitForExecutions(2);
		expect(executions.map((e) => e.items[0].json.token).sort()).toEqual(
			[wanted.token, alsoWanted.token].sort(),
		);
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 2,
			'the two matching messages are deleted',
		);

		await delay(300);
		expect(active.executions).toHaveLength(2);
		const left = emulator.sqs.messages(queueUrl);
		expect(left).toHaveLength(1);
		expect(JSON.parse(left[0].body).pipelineExecutionArn).toContain(':pipeline/fraud-model/');
	});
});
