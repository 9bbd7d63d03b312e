/** Start Execution's Pipeline Version ID and Selective Execution: sent as SageMaker takes them, or refused before any request. */
import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, locator, reviewPipeline } from './helpers';

const ctx = useEmulator();

const start = (options: Record<string, unknown>) =>
	executionOp('start', { pipeline: locator('train-and-review'), options });
const selection = (selectedSteps: unknown, sourcePipelineExecutionArn: unknown = '') => ({
	selectiveExecutionConfig: { selection: { sourcePipelineExecutionArn, selectedSteps } },
});

describe('Start Execution: version and selective execution', () => {
	test('re-runs the chosen steps of an earlier execution, on a given pipeline version', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const yesterday = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const result = await runNode(
			emulator,
			start({ pipelineVersionId: 2, ...selection('={{ $json.steps }}', '={{ $json.source }}') }),
			[{ steps: ['Review', 'Train'], source: yesterday.arn }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		const started = [...emulator.sageMaker.executions.values()].find(
			(e) => e.arn !== yesterday.arn,
		)!;
		expect(started.selectiveExecutionConfig).toEqual({
			SelectedSteps: [{ StepName: 'Review' }, { StepName: 'Train' }],
			SourcePipelineExecutionArn: yesterday.arn,
		});
		expect(requestsFor(emulator, 'StartPipelineExecution')[0].input.PipelineVersionId).toBe(2);
		expect(result.output('SageMaker')[0].json.pipelineExecutionArn).toBe(started.arn);
	});

	test('steps as comma-separated text; no source execution; neither option: neither member', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		await runNode(emulator, start(selection(' Train ,Review,')), [{}]);
		await runNode(emulator, start({}), [{}]);
		const [selective, plain] = requestsFor(emulator, 'StartPipelineExecution');
		expect(selective.input.SelectiveExecutionConfig).toEqual({
			SelectedSteps: [{ StepName: 'Train' }, { StepName: 'Review' }],
		});
		expect(plain.input).not.toHaveProperty('SelectiveExecutionConfig');
		expect(plain.input).not.toHaveProperty('PipelineVersionId');
	});

	const bad: Array<[string, Record<string, unknown>, unknown, RegExp]> = [
		[
			'a version of 0',
			{ pipelineVersionId: '={{ $json.value }}' },
			0,
			/^Pipeline Version ID must be a whole number of at least 1 \(got 0\)/,
		],
		[
			'a version of 1.5',
			{ pipelineVersionId: '={{ $json.value }}' },
			1.5,
			/^Pipeline Version ID must be a whole number/,
		],
		[
			'no steps',
			selection('={{ $json.value }}'),
			' , ',
			/^Selective Execution: Steps to Run must name 1 to 50 steps \(got 0\)/,
		],
		[
			'51 steps',
			selection('={{ $json.value }}'),
			Array.from({ length: 51 }, (_, i) => `Step${i}`),
			/must name 1 to 50 steps \(got 51\)/,
		],
		[
			'a step named twice',
			selection('={{ $json.value }}'),
			'Train, Train',
			/^Selective Execution: Steps to Run names "Train" twice/,
		],
		[
			'a step name of 257 characters',
			selection('={{ $json.value }}'),
			's'.repeat(257),
			/must be 1 to 256 characters \(got 257 characters\)/,
		],
		[
			'steps that are not names',
			selection('={{ $json.value }}'),
			[1, 2],
			/^Selective Execution: Steps to Run must be step names/,
		],
		[
			'a source that is not an execution ARN',
			selection('Train', '={{ $json.value }}'),
			'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-and-review',
			/^Selective Execution: Source Pipeline Execution ARN is not a SageMaker pipeline execution ARN/,
		],
	];
	test.each(bad)(
		'%s is refused before any request, naming the field',
		async (_case, options, value, message) => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const result = await runNode(emulator, start(options), [{ value: value as string }]);
			expect(result.error('SageMaker')?.message).toMatch(message);
			expect(requestsFor(emulator, 'StartPipelineExecution')).toHaveLength(0);
		},
	);
});
