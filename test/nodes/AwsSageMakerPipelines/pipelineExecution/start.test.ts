import { chain, runWorkflow, sageMakerNode, startNode } from '../../../harness/engine';
import { emulatorCredential, requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, ISO_TIME, locator, reviewPipeline, timedPipeline } from './helpers';
import { until } from '../../../harness/wait';

const ctx = useEmulator();

function start(extra: Record<string, unknown> = {}) {
	return executionOp('start', { pipeline: locator('train-and-review'), ...extra });
}

describe('Start Pipeline Execution', () => {
	test('starts an execution with parameters, display name, description and parallelism, and returns its ARN', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(
			emulator,
			start({
				pipelineParameters: {
					parameters: [
						{ name: 'Threshold', value: '={{ $json.threshold }}' },
						{ name: 'InputDataUrl', value: '={{ $json.url }}' },
					],
				},
				options: {
					pipelineExecutionDisplayName: 'n8n-run-1',
					pipelineExecutionDescription: 'started from n8n',
					maxParallelExecutionSteps: 2,
				},
			}),
			[{ threshold: 0.7, url: 's3://bucket/data.csv' }],
		);

		expect(result.error('SageMaker')).toBeUndefined();
		const [item] = result.output('SageMaker');
		const [execution] = emulator.sageMaker.executions.values();
		expect(item.json).toEqual({
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			clientRequestToken: expect.stringMatching(/^n8n-[0-9a-f]{64}$/),
			pipelineParameters: { Threshold: '0.7', InputDataUrl: 's3://bucket/data.csv' },
			awsRequestId: expect.any(String),
		});
		expect(execution).toMatchObject({
			displayName: 'n8n-run-1',
			description: 'started from n8n',
			status: 'Executing',
			parameters: [
				{ Name: 'Threshold', Value: '0.7' },
				{ Name: 'InputDataUrl', Value: 's3://bucket/data.csv' },
			],
			parallelism: { MaxParallelExecutionSteps: 2 },
		});
	});

	test('takes parameters as a JSON object, numbers and booleans sent as text', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(
			emulator,
			start({
				specifyParameters: 'json',
				jsonParameters: '={{ JSON.stringify({ Epochs: $json.epochs, Shuffle: true }) }}',
			}),
			[{ epochs: 12 }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect([...emulator.sageMaker.executions.values()][0].parameters).toEqual([
			{ Name: 'Epochs', Value: '12' },
			{ Name: 'Shuffle', Value: 'true' },
		]);
	});

	test('without parameters or options the request carries only the pipeline and the token', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		await runNode(emulator, start(), [{}]);
		const [request] = requestsFor(emulator, 'StartPipelineExecution');
		expect(Object.keys(request.input)).toEqual(['PipelineName', 'ClientRequestToken']);
	});

	test.each([
		[
			'by ARN',
			locator('arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-and-review', 'arn'),
		],
		['from the list', locator('train-and-review', 'list')],
		[
			'by name mapped from the item, trailing newline trimmed',
			locator('={{ $json.pipeline + "\\n" }}'),
		],
	])('picks the pipeline %s', async (_how, pipeline) => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(emulator, start({ pipeline }), [{ pipeline: 'train-and-review' }]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(emulator.sageMaker.executions.size).toBe(1);
	});

	test("an unknown pipeline fails with ResourceNotFound and its hint, not n8n's DNS message", async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, start({ pipeline: locator('no-such-pipeline') }), [{}]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(
			/^SageMaker StartPipelineExecution failed: .*\[ResourceNotFound\]$/,
		);
		expect(error?.description).toMatch(/pipeline or execution was not found/);
	});

	describe('bad input is refused before any request', () => {
		const many = Array.from({ length: 201 }, (_, i) => ({ name: `P${i}`, value: 'x' }));
		test.each([
			// Expressions: a fixed value would be refused by the editor's own check (see below).
			[
				'a pipeline name with an underscore',
				{ pipeline: locator('={{ "train_and_review" }}') },
				/Pipeline name may contain only letters, digits/,
			],
			['an empty pipeline', { pipeline: locator('={{ $json.missing }}') }, /Pipeline is empty/],
			[
				'an ARN of something else',
				{ pipeline: locator('={{ "arn:aws:sagemaker:us-east-1:123456789012:model/x" }}', 'arn') },
				/not a SageMaker pipeline ARN/,
			],
			[
				'201 parameters',
				{ pipelineParameters: { parameters: many } },
				/Pipeline Parameters can hold at most 200 parameters \(got 201\)/,
			],
			[
				'a parameter name with a space',
				{ pipelineParameters: { parameters: [{ name: 'my param', value: '1' }] } },
				/name may contain only letters, digits, "-" and "_"/,
			],
			[
				'the same parameter twice',
				{
					pipelineParameters: {
						parameters: [
							{ name: 'A', value: '1' },
							{ name: 'A', value: '2' },
						],
					},
				},
				/appears twice/,
			],
			[
				'a parameter value over 1024 characters',
				{ pipelineParameters: { parameters: [{ name: 'A', value: 'v'.repeat(1025) }] } },
				/at most 1024 characters \(got 1025/,
			],
			[
				'parameters JSON that is an array',
				{ specifyParameters: 'json', jsonParameters: '[1]' },
				/JSON Parameters must be a JSON object/,
			],
			[
				'a display name with a space',
				{ options: { pipelineExecutionDisplayName: 'nightly run' } },
				/Display Name may contain only/,
			],
			[
				'a display name over 82 characters',
				{ options: { pipelineExecutionDisplayName: 'a'.repeat(83) } },
				/Display Name must be 1 to 82 characters \(got 83/,
			],
			[
				'a description over 3072 characters',
				{ options: { pipelineExecutionDescription: 'd'.repeat(3073) } },
				/Description must be at most 3072 characters/,
			],
			[
				'a client request token under 32 characters',
				{ options: { clientRequestToken: 'too-short' } },
				/Client Request Token must be 32 to 128 characters/,
			],
			[
				'zero parallel steps',
				{ options: { maxParallelExecutionSteps: 0 } },
				/Max Parallel Execution Steps must be a whole number of at least 1/,
			],
			[
				'a poll interval of 0 s',
				{ waitUntilFinished: true, pollInterval: 0 },
				/Poll Interval \(Seconds\) must be a whole number from 1 to 3600/,
			],
		])('%s', async (_name, extra, message) => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const result = await runNode(emulator, start(extra), [{}]);
			expect(result.error('SageMaker')?.message).toMatch(message);
			expect(emulator.requests).toHaveLength(0);
		});
	});

	test('a fixed pipeline name or ARN that breaks the pattern is flagged by n8n before the run', async () => {
		const { emulator } = ctx;
		await expect(
			runNode(emulator, start({ pipeline: locator('train_and_review') }), [{}]),
		).rejects.toThrow(/Letters, digits and hyphens/);
		await expect(
			runNode(emulator, start({ pipeline: locator('arn:aws:s3:::bucket', 'arn') }), [{}]),
		).rejects.toThrow(/Not a SageMaker pipeline ARN/);
		expect(emulator.requests).toHaveLength(0);
	});

	test('with Continue On Fail a bad item becomes an error item and the others start', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(
			emulator,
			start({ pipelineParameters: { parameters: [{ name: '={{ $json.name }}', value: '1' }] } }),
			[{ name: 'Good' }, { name: 'bad name' }, { name: 'AlsoGood' }],
			{ node: { continueOnFail: true } },
		);
		const output = result.output('SageMaker');
		expect(output.map((item) => Boolean(item.json.error))).toEqual([false, true, false]);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(emulator.sageMaker.executions.size).toBe(2);
	});

	describe('idempotency', () => {
		test('two identical items start two executions (the token is per item)', async () => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const result = await runNode(emulator, start(), [{}, {}]);
			const [first, second] = result.output('SageMaker');
			expect(first.json.clientRequestToken).not.toBe(second.json.clientRequestToken);
			expect(emulator.sageMaker.executions.size).toBe(2);
		});

		test("n8n's Retry On Fail re-runs the node without starting a second execution", async () => {
			const { emulator } = ctx;
			timedPipeline(emulator, 'quick', 0);
			// The start succeeds, then the wait's first status check is refused: the node fails and n8n runs it again.
			emulator.faults.inject({
				operation: 'DescribePipelineExecution',
				kind: 'error',
				code: 'AccessDeniedException',
				status: 400,
			});
			const result = await runNode(
				emulator,
				start({ pipeline: locator('quick'), waitUntilFinished: true, pollInterval: 1 }),
				[{}],
				{ node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 } },
			);
			expect(result.error('SageMaker')).toBeUndefined();
			const starts = requestsFor(emulator, 'StartPipelineExecution');
			expect(starts).toHaveLength(2);
			expect(starts[1].clientRequestToken).toBe(starts[0].clientRequestToken);
			expect(emulator.sageMaker.executions.size).toBe(1);
			expect(result.output('SageMaker')[0].json.pipelineExecutionStatus).toBe('Succeeded');
		});

		test('the next run of the same workflow starts a new execution; the same run again does not', async () => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const node = sageMakerNode(start());
			const run = (executionId: string) =>
				runWorkflow({
					nodes: [startNode(), node],
					connections: chain('Start', 'SageMaker'),
					credentials: { awsSageMakerApi: emulatorCredential(emulator) },
					executionId,
				});
			const first = await run('1001');
			const again = await run('1001');
			const next = await run('1002');
			const arn = (result: typeof first) => result.output('SageMaker')[0].json.pipelineExecutionArn;
			expect(arn(again)).toBe(arn(first));
			expect(arn(next)).not.toBe(arn(first));
			expect(emulator.sageMaker.executions.size).toBe(2);
		});

		test('a Client Request Token given by the user is sent as is', async () => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const token = 'upload-2026-01-31-data-csv-0000001';
			const result = await runNode(
				emulator,
				start({ options: { clientRequestToken: '={{ $json.eventId }}' } }),
				[{ eventId: token }],
			);
			expect(requestsFor(emulator, 'StartPipelineExecution')[0].clientRequestToken).toBe(token);
			expect(result.output('SageMaker')[0].json.clientRequestToken).toBe(token);
		});
	});

	test('a ConflictException is retried with the same token until the start goes through', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		emulator.faults.inject({
			operation: 'StartPipelineExecution',
			kind: 'error',
			code: 'ConflictException',
			status: 400,
			times: 2,
		});
		const result = await runNode(emulator, start(), [{}]);
		expect(result.error('SageMaker')).toBeUndefined();
		const attempts = requestsFor(emulator, 'StartPipelineExecution');
		expect(attempts.map((a) => a.errorCode)).toEqual([
			'ConflictException',
			'ConflictException',
			undefined,
		]);
		expect(new Set(attempts.map((a) => a.clientRequestToken)).size).toBe(1);
		expect(emulator.sageMaker.executions.size).toBe(1);
	});

	describe('Wait Until Finished', () => {
		test('polls until the execution succeeded and outputs its final status', async () => {
			const { emulator } = ctx;
			timedPipeline(emulator, 'short-job', 1200);
			const result = await runNode(
				emulator,
				start({ pipeline: locator('short-job'), waitUntilFinished: true, pollInterval: 1 }),
				[{}],
			);
			expect(result.error('SageMaker')).toBeUndefined();
			const [item] = result.output('SageMaker');
			const [execution] = emulator.sageMaker.executions.values();
			expect(item.json).toMatchObject({
				pipelineExecutionArn: execution.arn,
				pipelineExecutionStatus: 'Succeeded',
				pipelineName: 'short-job',
				creationTime: new Date(execution.creationTime).toISOString(),
				lastModifiedTime: expect.stringMatching(ISO_TIME),
				clientRequestToken: expect.stringMatching(/^n8n-/),
			});
			expect(requestsFor(emulator, 'DescribePipelineExecution').length).toBeGreaterThanOrEqual(2);
		});

		test('a failed execution is an output with its failure reason, not a node error', async () => {
			const { emulator } = ctx;
			timedPipeline(emulator, 'broken-job', 0, { reason: 'out of memory' });
			const result = await runNode(
				emulator,
				start({ pipeline: locator('broken-job'), waitUntilFinished: true, pollInterval: 1 }),
				[{}],
			);
			expect(result.error('SageMaker')).toBeUndefined();
			expect(result.output('SageMaker')[0].json).toMatchObject({
				pipelineExecutionStatus: 'Failed',
				failureReason: 'Step failure: One or multiple steps failed.',
			});
		});

		test('gives up after the timeout with the last status; the execution keeps running', async () => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const result = await runNode(
				emulator,
				start({ waitUntilFinished: true, pollInterval: 1, waitTimeout: 1 }),
				[{}],
			);
			const error = result.error('SageMaker');
			expect(error?.message).toBe(
				'The pipeline execution did not finish within 1 s (last status: Executing)',
			);
			const [execution] = emulator.sageMaker.executions.values();
			expect(error?.description).toContain(execution.arn);
			expect(execution.status).toBe('Executing');
		});

		test('one waiting item does not hold up the others: all start before any finishes', async () => {
			const { emulator } = ctx;
			reviewPipeline(emulator);
			const run = runNode(emulator, start({ waitUntilFinished: true, pollInterval: 1 }), [
				{},
				{},
				{},
			]);
			// Every execution waits on its Review step; each is released only once all three have started.
			await until(() => emulator.sageMaker.executions.size === 3, 'three executions started', 5000);
			for (const execution of emulator.sageMaker.executions.values()) {
				const review = execution.runs.find((r) => r.name === 'Review')!;
				emulator.sageMaker.completeCallback(
					review.callback!.token,
					{ outputParameters: [] },
					undefined,
				);
			}
			const result = await run;
			expect(result.output('SageMaker').map((item) => item.json.pipelineExecutionStatus)).toEqual([
				'Succeeded',
				'Succeeded',
				'Succeeded',
			]);
		});
	});
});
