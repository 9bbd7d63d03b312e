/**
 * Pipelines and executions through the real @aws-sdk/client-sagemaker, paginators included: an execution runs its
 * steps, waits on a callback step (token in ListPipelineExecutionSteps and in the queue), fails, stops and
 * retries the way SageMaker's state machine does, and every request shape is held to botocore's limits.
 */
import {
	DescribePipelineExecutionCommand,
	ListPipelineExecutionStepsCommand,
	ListPipelinesCommand,
	paginateListPipelineExecutions,
	paginateListPipelineExecutionSteps,
	paginateListPipelines,
	RetryPipelineExecutionCommand,
	SageMakerClient,
	SendPipelineExecutionStepFailureCommand,
	SendPipelineExecutionStepSuccessCommand,
	StartPipelineExecutionCommand,
	StopPipelineExecutionCommand,
	type StartPipelineExecutionCommandInput,
} from '@aws-sdk/client-sagemaker';
import { startEmulator, type Emulator } from '../../../tools/emulator';
import { clientConfig, failure } from './helpers';

let emulator: Emulator;
let client: SageMakerClient;

beforeAll(async () => {
	emulator = await startEmulator();
	client = new SageMakerClient(clientConfig(emulator));
});

afterEach(() => emulator.reset());

afterAll(async () => {
	client.destroy();
	await emulator.close();
});

function reviewPipeline(queueUrl?: string) {
	return emulator.sageMaker.createPipeline({
		name: 'train-and-review',
		queueUrl,
		steps: [
			{ name: 'Prepare', type: 'Processing' },
			{
				name: 'Review',
				type: 'Callback',
				arguments: { report: 's3://bucket/report.html' },
				outputs: [{ name: 'approved', type: 'Boolean' }],
			},
			{ name: 'Train', type: 'Training' },
		],
	});
}

const start = (input: Partial<StartPipelineExecutionCommandInput> = {}) =>
	client.send(
		new StartPipelineExecutionCommand({
			PipelineName: 'train-and-review',
			...input,
		} as StartPipelineExecutionCommandInput),
	);
const describe_ = (arn: string) =>
	client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
async function steps(arn: string) {
	const all = [];
	for await (const page of paginateListPipelineExecutionSteps(
		{ client, pageSize: 1 },
		{ PipelineExecutionArn: arn, SortOrder: 'Ascending' },
	)) {
		all.push(...(page.PipelineExecutionSteps ?? []));
	}
	return all;
}

describe('an execution with a callback step', () => {
	it('runs to the callback step, exposes its token, and succeeds once the step is completed', async () => {
		const queueUrl = emulator.sqs.createQueue('callbacks');
		const pipelineArn = reviewPipeline(queueUrl);
		expect(pipelineArn).toBe('arn:aws:sagemaker:us-east-1:123456789012:pipeline/train-and-review');

		const { PipelineExecutionArn: arn } = await start({
			PipelineExecutionDisplayName: 'nightly-1',
			PipelineParameters: [{ Name: 'InstanceType', Value: 'ml.m5.xlarge' }],
		});
		const described = await describe_(arn!);
		expect(described).toMatchObject({
			PipelineArn: pipelineArn,
			PipelineExecutionArn: arn,
			PipelineExecutionDisplayName: 'nightly-1',
			PipelineExecutionStatus: 'Executing',
		});
		expect(described.CreationTime).toBeInstanceOf(Date);

		const [prepare, review] = await steps(arn!);
		expect(prepare).toMatchObject({
			StepName: 'Prepare',
			StepStatus: 'Succeeded',
			AttemptCount: 1,
		});
		expect(prepare.Metadata!.ProcessingJob!.Arn).toMatch(
			/^arn:aws:sagemaker:us-east-1:123456789012:processing-job\//,
		);
		expect(review).toMatchObject({
			StepName: 'Review',
			StepStatus: 'Executing',
			Metadata: { Callback: { SqsQueueUrl: queueUrl, OutputParameters: [] } },
		});
		const token = review.Metadata!.Callback!.CallbackToken!;
		expect(JSON.parse(emulator.sqs.messages(queueUrl)[0].body)).toEqual({
			token,
			pipelineExecutionArn: arn,
			arguments: { report: 's3://bucket/report.html' },
			status: 'Executing',
		});

		await client.send(
			new SendPipelineExecutionStepSuccessCommand({
				CallbackToken: token,
				OutputParameters: [{ Name: 'approved', Value: 'true' }],
			}),
		);
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Succeeded');
		const finished = await steps(arn!);
		expect(finished.map((s) => [s.StepName, s.StepStatus])).toEqual([
			['Prepare', 'Succeeded'],
			['Review', 'Succeeded'],
			['Train', 'Succeeded'],
		]);
		expect(finished[1].Metadata!.Callback!.OutputParameters).toEqual([
			{ Name: 'approved', Value: 'true' },
		]);
	});

	it('fails when the callback step fails, and a retry gives the step a new token and attempt', async () => {
		reviewPipeline();
		const { PipelineExecutionArn: arn } = await start();
		const firstToken = (await steps(arn!))[1].Metadata!.Callback!.CallbackToken!;
		await client.send(
			new SendPipelineExecutionStepFailureCommand({
				CallbackToken: firstToken,
				FailureReason: 'rejected',
			}),
		);
		const failed = await describe_(arn!);
		expect(failed).toMatchObject({
			PipelineExecutionStatus: 'Failed',
			FailureReason: 'Step failure: One or multiple steps failed.',
		});
		expect((await steps(arn!))[1]).toMatchObject({
			StepStatus: 'Failed',
			FailureReason: 'rejected',
		});

		await client.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Executing');
		const retried = (await steps(arn!))[1];
		expect(retried).toMatchObject({ StepStatus: 'Executing', AttemptCount: 2 });
		const secondToken = retried.Metadata!.Callback!.CallbackToken!;
		expect(secondToken).not.toBe(firstToken);
		expect(
			(
				await failure(
					client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: firstToken })),
				)
			).name,
		).toBe('ResourceNotFound');
		expect(emulator.sageMaker.step(firstToken)).toMatchObject({
			status: 'Failed',
			failureReason: 'rejected',
			completions: 1,
		});
		expect(emulator.sageMaker.step(secondToken)).toMatchObject({
			status: 'Executing',
			completions: 0,
		});

		const conflict = await failure(
			client.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn })),
		);
		expect(conflict).toMatchObject({ name: 'ConflictException', status: 400 });
		await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: secondToken }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Succeeded');
	});

	it('stops: Stopping while the callback step is pending (with a Stopping message), Stopped once it completes', async () => {
		const queueUrl = emulator.sqs.createQueue('callbacks');
		reviewPipeline(queueUrl);
		const { PipelineExecutionArn: arn } = await start();
		const token = (await steps(arn!))[1].Metadata!.Callback!.CallbackToken!;

		await client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Stopping');
		expect((await steps(arn!))[1].StepStatus).toBe('Stopping');
		expect(JSON.parse(emulator.sqs.messages(queueUrl)[1].body)).toMatchObject({
			token,
			status: 'Stopping',
		});
		expect(
			(await failure(client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }))))
				.name,
		).toBe('ConflictException');

		await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: token }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Stopped');
		expect((await steps(arn!)).map((s) => s.StepName)).toEqual(['Prepare', 'Review']);

		await client.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Succeeded');
	});

	it('stops at once when no callback step is pending', async () => {
		emulator.sageMaker.createPipeline({
			name: 'slow',
			steps: [{ name: 'Train', type: 'Training', durationMs: 60_000 }],
		});
		const { PipelineExecutionArn: arn } = await start({ PipelineName: 'slow' });
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Executing');
		await client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Stopped');
		expect((await steps(arn!))[0].StepStatus).toBe('Stopped');
	});

	it('runs timed steps and scripted failures; a retry gets past a step that fails once', async () => {
		emulator.sageMaker.createPipeline({
			name: 'flaky',
			steps: [
				{ name: 'Prepare', type: 'Processing', durationMs: 50 },
				{
					name: 'Train',
					type: 'Training',
					failureReason: 'ResourceLimitExceeded: no ml.p3 capacity',
					failAttempts: 1,
				},
			],
		});
		const { PipelineExecutionArn: arn } = await start({ PipelineName: 'flaky' });
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Executing');
		await new Promise((resolve) => setTimeout(resolve, 120));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Failed');
		expect((await steps(arn!))[1]).toMatchObject({
			StepStatus: 'Failed',
			FailureReason: 'ResourceLimitExceeded: no ml.p3 capacity',
		});
		await client.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
		expect((await describe_(arn!)).PipelineExecutionStatus).toBe('Succeeded');
		expect((await steps(arn!))[1]).toMatchObject({ StepStatus: 'Succeeded', AttemptCount: 2 });
	});
});

describe('StartPipelineExecution', () => {
	it('is idempotent per ClientRequestToken, and refuses the token with other parameters', async () => {
		reviewPipeline();
		const crt = 'start-0000000000000000000000000000001';
		const first = await start({
			ClientRequestToken: crt,
			PipelineParameters: [{ Name: 'A', Value: '1' }],
		});
		const again = await start({
			ClientRequestToken: crt,
			PipelineParameters: [{ Name: 'A', Value: '1' }],
		});
		expect(again.PipelineExecutionArn).toBe(first.PipelineExecutionArn);
		expect(emulator.sageMaker.executions.size).toBe(1);
		const other = await failure(
			start({ ClientRequestToken: crt, PipelineParameters: [{ Name: 'A', Value: '2' }] }),
		);
		expect(other.name).toBe('ValidationException');
	});

	it('accepts the pipeline ARN, and answers ResourceNotFound for an unknown pipeline', async () => {
		const arn = reviewPipeline();
		expect((await start({ PipelineName: arn })).PipelineExecutionArn).toMatch(
			/^arn:aws:sagemaker:us-east-1:123456789012:pipeline\/train-and-review\/execution\//,
		);
		const missing = await failure(start({ PipelineName: 'no-such-pipeline' }));
		expect(missing).toMatchObject({ name: 'ResourceNotFound', status: 400 });
		expect(missing.message).toContain('pipeline/no-such-pipeline');
	});

	it("holds every member to botocore's limits", async () => {
		reviewPipeline();
		const message = async (input: Partial<StartPipelineExecutionCommandInput>) =>
			(await failure(start(input))).message;
		expect(await message({ PipelineExecutionDisplayName: 'bad_name' })).toContain(
			"Value 'bad_name' at 'pipelineExecutionDisplayName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}",
		);
		expect(await message({ PipelineExecutionDisplayName: 'a'.repeat(83) })).toContain(
			'Member must have length less than or equal to 82',
		);
		const many = Array.from({ length: 201 }, (_, i) => ({ Name: `p${i}`, Value: 'v' }));
		expect(await message({ PipelineParameters: many })).toContain(
			"Value with 201 items at 'pipelineParameters'",
		);
		expect(await message({ PipelineParameters: [{ Name: 'has space', Value: 'v' }] })).toContain(
			"at 'pipelineParameters.1.member.name'",
		);
		expect(
			await message({ PipelineParameters: [{ Name: 'ok', Value: 'v'.repeat(1025) }] }),
		).toContain(
			"at 'pipelineParameters.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 1024",
		);
		expect(await message({ PipelineExecutionDescription: 'd'.repeat(3073) })).toContain(
			'less than or equal to 3072',
		);
		expect(await message({ ClientRequestToken: 'x'.repeat(129) })).toContain(
			"at 'clientRequestToken'",
		);
		expect(await message({ ParallelismConfiguration: { MaxParallelExecutionSteps: 0 } })).toContain(
			"Value '0' at 'parallelismConfiguration.maxParallelExecutionSteps' failed to satisfy constraint: Member must have value greater than or equal to 1",
		);
	});
});

describe('listing', () => {
	it('pages through pipelines with the SDK paginator, filtered by prefix and sorted by name', async () => {
		for (let i = 0; i < 23; i++)
			emulator.sageMaker.createPipeline({ name: `team-a${String(i).padStart(2, '0')}`, steps: [] });
		emulator.sageMaker.createPipeline({ name: 'team-b-00', steps: [] });
		const names: string[] = [];
		let pages = 0;
		for await (const page of paginateListPipelines(
			{ client, pageSize: 10 },
			{ PipelineNamePrefix: 'team-a', SortBy: 'Name', SortOrder: 'Ascending' },
		)) {
			pages += 1;
			names.push(...page.PipelineSummaries!.map((p) => p.PipelineName!));
		}
		expect(pages).toBe(3);
		expect(names).toEqual(
			Array.from({ length: 23 }, (_, i) => `team-a${String(i).padStart(2, '0')}`),
		);
		// The prefix has the pipeline name's pattern, so it cannot end in a hyphen: AWS refuses 'team-a-' too.
		expect(
			(await failure(client.send(new ListPipelinesCommand({ PipelineNamePrefix: 'team-a-' }))))
				.name,
		).toBe('ValidationException');

		const firstPage = await client.send(new ListPipelinesCommand({ MaxResults: 5 }));
		expect(firstPage.PipelineSummaries).toHaveLength(5);
		const mixed = await failure(
			client.send(
				new ListPipelinesCommand({
					MaxResults: 5,
					NextToken: firstPage.NextToken,
					PipelineNamePrefix: 'team-b',
				}),
			),
		);
		expect(mixed.name).toBe('ValidationException');
		expect(
			(await failure(client.send(new ListPipelinesCommand({ MaxResults: 101 })))).message,
		).toContain('less than or equal to 100');
	});

	it('lists executions newest first by default, by creation window, with pagination', async () => {
		emulator.sageMaker.createPipeline({
			name: 'many',
			steps: [{ name: 'Train', type: 'Training' }],
		});
		const arns: string[] = [];
		for (let i = 0; i < 12; i++) {
			arns.push((await start({ PipelineName: 'many' })).PipelineExecutionArn!);
			await new Promise((resolve) => setTimeout(resolve, 3));
		}
		const listed: string[] = [];
		for await (const page of paginateListPipelineExecutions(
			{ client, pageSize: 5 },
			{ PipelineName: 'many' },
		)) {
			listed.push(...page.PipelineExecutionSummaries!.map((s) => s.PipelineExecutionArn!));
			expect(
				page.PipelineExecutionSummaries!.every((s) => s.PipelineExecutionStatus === 'Succeeded'),
			).toBe(true);
		}
		expect(listed).toEqual([...arns].reverse());

		const sixth = emulator.sageMaker.executions.get(arns[5])!.creationTime;
		const after: string[] = [];
		for await (const page of paginateListPipelineExecutions(
			{ client },
			{ PipelineName: 'many', CreatedAfter: new Date(sixth), SortOrder: 'Ascending' },
		)) {
			after.push(...page.PipelineExecutionSummaries!.map((s) => s.PipelineExecutionArn!));
		}
		expect(after).toEqual(arns.slice(6));
	});

	it('answers ResourceNotFound for an unknown execution', async () => {
		const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/none/execution/abcdefabcdef';
		expect((await failure(describe_(arn))).name).toBe('ResourceNotFound');
		expect(
			(
				await failure(
					client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn })),
				)
			).name,
		).toBe('ResourceNotFound');
	});
});
