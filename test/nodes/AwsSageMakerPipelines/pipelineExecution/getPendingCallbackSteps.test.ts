import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, ISO_TIME, locator, reviewPipeline } from './helpers';

const ctx = useEmulator();

const pending = (extra: Record<string, unknown> = {}) =>
	executionOp('getPendingCallbackSteps', extra);

function reviewToken(execution: {
	runs: Array<{ name: string; callback?: { token: string } }>;
}): string {
	return execution.runs.find((r) => r.name === 'Review')!.callback!.token;
}

describe('Get Pending Callback Steps', () => {
	test("of one execution: one item per waiting callback step, keyed like the trigger's items", async () => {
		const { emulator } = ctx;
		const queueUrl = emulator.sqs.createQueue('callbacks');
		reviewPipeline(emulator, { queueUrl });
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const result = await runNode(emulator, pending(), [{ pipelineExecutionArn: execution.arn }]);
		expect(result.error('SageMaker')).toBeUndefined();
		const items = result.output('SageMaker');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			token: reviewToken(execution),
			status: 'Executing',
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			stepName: 'Review',
			startTime: expect.stringMatching(ISO_TIME),
			attemptCount: 1,
			sqsQueueUrl: queueUrl,
			outputParameters: {},
		});
		// The trigger's message for the same step carries the same token under the same key.
		expect(JSON.parse(emulator.sqs.messages(queueUrl)[0].body).token).toBe(items[0].json.token);
	});

	test('of one execution with several callback steps among others, only those still waiting', async () => {
		const { emulator } = ctx;
		emulator.sageMaker.createPipeline({
			name: 'approvals',
			steps: [
				{ name: 'Prepare', type: 'Processing' },
				{ name: 'LegalReview', type: 'Callback' },
			],
		});
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('approvals')!,
		);
		emulator.sageMaker.createCallbackStep({ executionArn: execution.arn, stepName: 'RiskReview' });
		const done = emulator.sageMaker.createCallbackStep({
			executionArn: execution.arn,
			stepName: 'DataReview',
		});
		emulator.sageMaker.completeCallback(done.token, { outputParameters: [] }, undefined);

		const result = await runNode(emulator, pending(), [{ pipelineExecutionArn: execution.arn }]);
		expect(result.output('SageMaker').map((item) => item.json.stepName)).toEqual([
			'LegalReview',
			'RiskReview',
		]);
	});

	test('of a pipeline: the waiting callback steps of all its Executing executions, across pages', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const pipeline = emulator.sageMaker.findPipeline('train-and-review')!;
		const all = Array.from({ length: 120 }, () => emulator.sageMaker.startExecution(pipeline));
		// Half of them got their callback already; one of the waiting ones is being stopped.
		all
			.filter((_e, i) => i % 2 === 1)
			.forEach((e) =>
				emulator.sageMaker.completeCallback(reviewToken(e), { outputParameters: [] }, undefined),
			);
		const stopping = all[0];
		emulator.sageMaker.stopExecution(stopping.arn);
		const waiting = all.filter((_e, i) => i % 2 === 0 && i !== 0);

		const result = await runNode(
			emulator,
			pending({ lookIn: 'pipeline', pipeline: locator('train-and-review') }),
			[{}],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		const tokens = result.output('SageMaker').map((item) => item.json.token);
		expect(new Set(tokens)).toEqual(new Set(waiting.map(reviewToken)));
		expect(tokens).toHaveLength(59);
		// Two pages of executions; only the Executing ones had their steps listed.
		expect(requestsFor(emulator, 'ListPipelineExecutions')).toHaveLength(2);
		expect(requestsFor(emulator, 'ListPipelineExecutionSteps')).toHaveLength(59);

		const withStopping = await runNode(
			emulator,
			pending({
				lookIn: 'pipeline',
				pipeline: locator('train-and-review'),
				options: { includeStopping: true },
			}),
			[{}],
		);
		const stoppingItem = withStopping
			.output('SageMaker')
			.find((item) => item.json.pipelineExecutionArn === stopping.arn);
		expect(stoppingItem?.json).toMatchObject({ token: reviewToken(stopping), status: 'Stopping' });
		expect(withStopping.output('SageMaker')).toHaveLength(60);
	});

	test('nothing waiting: no items, and the workflow goes on without error', async () => {
		const { emulator } = ctx;
		emulator.sageMaker.createPipeline({
			name: 'plain',
			steps: [{ name: 'Prepare', type: 'Processing' }],
		});
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('plain')!);
		const result = await runNode(emulator, pending(), [{ pipelineExecutionArn: execution.arn }]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')).toHaveLength(0);
	});
});
