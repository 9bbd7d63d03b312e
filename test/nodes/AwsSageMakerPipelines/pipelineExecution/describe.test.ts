import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, reviewPipeline, timedPipeline } from './helpers';

const ctx = useEmulator();

const describeOp = (extra: Record<string, unknown> = {}) =>
	executionOp('describe', { options: { includeParameters: false }, ...extra });

describe('Describe Pipeline Execution', () => {
	test('status, display name, times as ISO text and the parts of the ARN, from {{ $json.pipelineExecutionArn }}', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
			{
				displayName: 'nightly-7',
				description: 'the nightly retrain',
				parallelism: { MaxParallelExecutionSteps: 3 },
			},
		);
		const result = await runNode(emulator, describeOp(), [{ pipelineExecutionArn: execution.arn }]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json).toMatchObject({
			pipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-and-review',
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			pipelineExecutionDisplayName: 'nightly-7',
			pipelineExecutionDescription: 'the nightly retrain',
			pipelineExecutionStatus: 'Executing',
			creationTime: new Date(execution.creationTime).toISOString(),
			lastModifiedTime: new Date(execution.lastModifiedTime).toISOString(),
			parallelismConfiguration: { maxParallelExecutionSteps: 3 },
			awsRequestId: expect.any(String),
		});
	});

	test('by default adds the parameter values the execution runs with, across pages', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const parameters = Array.from({ length: 130 }, (_, i) => ({ Name: `p${i}`, Value: `v${i}` }));
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
			{ parameters },
		);
		const result = await runNode(emulator, executionOp('describe'), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json.pipelineParameters).toEqual(
			Object.fromEntries(parameters.map(({ Name, Value }) => [Name, Value])),
		);
		// 130 parameters at 100 a page: two requests.
		expect(requestsFor(emulator, 'ListPipelineParametersForExecution')).toHaveLength(2);
	});

	test('a failed execution carries its failure reason', async () => {
		const { emulator } = ctx;
		timedPipeline(emulator, 'broken', 0, { reason: 'out of memory' });
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('broken')!);
		const result = await runNode(emulator, describeOp(), [{ pipelineExecutionArn: execution.arn }]);
		expect(result.output('SageMaker')[0].json).toMatchObject({
			pipelineExecutionStatus: 'Failed',
			failureReason: 'Step failure: One or multiple steps failed.',
		});
	});

	test('an execution that does not exist: ResourceNotFound with its hint', async () => {
		const { emulator } = ctx;
		const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/gone/execution/abcdef123456';
		const result = await runNode(emulator, describeOp(), [{ pipelineExecutionArn: arn }]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(
			/^SageMaker DescribePipelineExecution failed: .*\[ResourceNotFound\]$/,
		);
		expect(error?.description).toMatch(/Check the name or ARN and the credential's region/);
	});

	test.each([
		['missing', {}, /Pipeline Execution ARN is empty/],
		[
			'a pipeline ARN, not an execution ARN',
			{ pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p' },
			/not a SageMaker pipeline execution ARN/,
		],
		[
			'an account id of 11 digits',
			{ pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:12345678901:pipeline/p/execution/x' },
			/not a SageMaker pipeline execution ARN/,
		],
		['a number', { pipelineExecutionArn: 42 }, /Pipeline Execution ARN must be text, got a number/],
	])('refuses an ARN that is %s without a request', async (_name, item, message) => {
		const { emulator } = ctx;
		const result = await runNode(emulator, describeOp(), [item]);
		expect(result.error('SageMaker')?.message).toMatch(message);
		expect(result.error('SageMaker')?.description).toMatch(
			/\{\{ \$json\.pipelineExecutionArn \}\}/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('one item per input, in order, each paired to its input', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const pipeline = emulator.sageMaker.findPipeline('train-and-review')!;
		const executions = Array.from({ length: 5 }, () => emulator.sageMaker.startExecution(pipeline));
		const result = await runNode(
			emulator,
			describeOp(),
			executions.map((e) => ({ pipelineExecutionArn: e.arn })),
		);
		const output = result.output('SageMaker');
		expect(output.map((item) => item.json.pipelineExecutionArn)).toEqual(
			executions.map((e) => e.arn),
		);
		expect(output.map((item) => item.pairedItem)).toEqual(executions.map((_e, item) => ({ item })));
		expect(requestsFor(emulator, 'DescribePipelineExecution')).toHaveLength(5);
	});
});
