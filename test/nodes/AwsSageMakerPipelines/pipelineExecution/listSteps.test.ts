import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, ISO_TIME, reviewPipeline } from './helpers';

const ctx = useEmulator();

const listSteps = (extra: Record<string, unknown> = {}) =>
	executionOp('listSteps', { returnAll: true, ...extra });

describe('List Steps', () => {
	test('each step with its status, type and metadata; a callback step with its token, queue and outputs', async () => {
		const { emulator } = ctx;
		const queueUrl = emulator.sqs.createQueue('callbacks');
		reviewPipeline(emulator, { queueUrl });
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const token = execution.runs.find((r) => r.name === 'Review')!.callback!.token;

		const result = await runNode(emulator, listSteps({ options: { sortOrder: 'Ascending' } }), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(result.error('SageMaker')).toBeUndefined();
		const [prepare, review] = result.output('SageMaker').map((item) => item.json);
		expect(prepare).toMatchObject({
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			stepName: 'Prepare',
			stepStatus: 'Succeeded',
			stepType: 'Processing',
			attemptCount: 1,
			startTime: expect.stringMatching(ISO_TIME),
			endTime: expect.stringMatching(ISO_TIME),
			metadata: {
				processingJob: {
					arn: expect.stringMatching(/^arn:aws:sagemaker:us-east-1:123456789012:processing-job\//),
				},
			},
		});
		expect(prepare).not.toHaveProperty('callbackToken');
		expect(review).toMatchObject({
			stepName: 'Review',
			stepStatus: 'Executing',
			stepType: 'Callback',
			callbackToken: token,
			sqsQueueUrl: queueUrl,
			outputParameters: {},
			metadata: { callback: { callbackToken: token, sqsQueueUrl: queueUrl, outputParameters: [] } },
		});
		expect(review).not.toHaveProperty('endTime');
	});

	test('once completed, the callback step shows the outputs it was given; newest step first by default', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const token = execution.runs.find((r) => r.name === 'Review')!.callback!.token;
		emulator.sageMaker.completeCallback(
			token,
			{ outputParameters: [{ Name: 'approved', Value: 'true' }] },
			undefined,
		);
		const result = await runNode(emulator, listSteps(), [{ pipelineExecutionArn: execution.arn }]);
		const steps = result.output('SageMaker').map((item) => item.json);
		expect(steps.map((s) => [s.stepName, s.stepStatus, s.stepType])).toEqual([
			['Train', 'Succeeded', 'Training'],
			['Review', 'Succeeded', 'Callback'],
			['Prepare', 'Succeeded', 'Processing'],
		]);
		expect(steps[1].outputParameters).toEqual({ approved: 'true' });
	});

	test('Return All pages through an execution of 130 steps; a limit stops early', async () => {
		const { emulator } = ctx;
		emulator.sageMaker.createPipeline({
			name: 'long',
			steps: Array.from({ length: 130 }, (_, i) => ({
				name: `Step${String(i).padStart(3, '0')}`,
				type: 'Processing',
			})),
		});
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('long')!);

		const all = await runNode(emulator, listSteps({ options: { sortOrder: 'Ascending' } }), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(all.output('SageMaker').map((item) => item.json.stepName)).toEqual(
			execution.runs.map((r) => r.name),
		);
		expect(
			requestsFor(emulator, 'ListPipelineExecutionSteps').map((r) => [
				r.input.MaxResults,
				Boolean(r.input.NextToken),
			]),
		).toEqual([
			[100, false],
			[100, true],
		]);

		emulator.requests.length = 0;
		const some = await runNode(emulator, listSteps({ returnAll: false, limit: 7 }), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(some.output('SageMaker')).toHaveLength(7);
		expect(
			requestsFor(emulator, 'ListPipelineExecutionSteps').map((r) => r.input.MaxResults),
		).toEqual([7]);
	});

	test('a bad ARN costs no request; a limit of 0 neither', async () => {
		const { emulator } = ctx;
		const bad = await runNode(emulator, listSteps(), [{ pipelineExecutionArn: 'execution-1' }]);
		expect(bad.error('SageMaker')?.message).toMatch(/not a SageMaker pipeline execution ARN/);
		const zero = await runNode(emulator, listSteps({ returnAll: false, limit: '={{ 0 }}' }), [
			{ pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x' },
		]);
		expect(zero.error('SageMaker')?.message).toMatch(/Limit must be a whole number of at least 1/);
		expect(emulator.requests).toHaveLength(0);
	});
});
