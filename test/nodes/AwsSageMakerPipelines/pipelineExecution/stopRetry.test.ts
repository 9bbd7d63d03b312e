import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, reviewPipeline, timedPipeline } from './helpers';

const ctx = useEmulator();

describe('Stop Pipeline Execution', () => {
	test('stops a running execution; a waiting callback step still has to be completed before it is Stopped', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const result = await runNode(emulator, executionOp('stop'), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json).toEqual({
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			clientRequestToken: expect.stringMatching(/^n8n-[0-9a-f]{64}$/),
			awsRequestId: expect.any(String),
		});
		expect(execution.status).toBe('Stopping');
		const review = execution.runs.find((r) => r.name === 'Review')!;
		emulator.sageMaker.completeCallback(
			review.callback!.token,
			{ failureReason: 'stopped by n8n' },
			undefined,
		);
		expect(execution.status).toBe('Stopped');
	});

	test('a ConflictException while the execution changes state is retried with the same token', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		emulator.faults.inject({
			operation: 'StopPipelineExecution',
			kind: 'error',
			code: 'ConflictException',
			status: 400,
			times: 2,
		});
		const result = await runNode(emulator, executionOp('stop'), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(result.error('SageMaker')).toBeUndefined();
		const attempts = requestsFor(emulator, 'StopPipelineExecution');
		expect(attempts).toHaveLength(3);
		expect(new Set(attempts.map((a) => a.clientRequestToken)).size).toBe(1);
		expect(execution.status).toBe('Stopping');
	});

	test('an execution that already finished: the conflict persists, the error says so and how often it was tried', async () => {
		const { emulator } = ctx;
		timedPipeline(emulator, 'quick', 0);
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('quick')!);
		const result = await runNode(emulator, executionOp('stop'), [
			{ pipelineExecutionArn: execution.arn },
		]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(
			/^SageMaker StopPipelineExecution failed: .*\[ConflictException\]$/,
		);
		expect(error?.description).toMatch(/Only an Executing execution can be stopped/);
		expect(error?.description).toMatch(/It was tried 5 times/);
		expect(requestsFor(emulator, 'StopPipelineExecution')).toHaveLength(5);
	});
});

describe('Retry Pipeline Execution', () => {
	test('retries a failed execution and, waiting, outputs its final status', async () => {
		const { emulator } = ctx;
		timedPipeline(emulator, 'flaky', 0, { reason: 'spot capacity lost', attempts: 1 });
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('flaky')!);
		expect(execution.status).toBe('Failed');

		const result = await runNode(
			emulator,
			executionOp('retry', {
				waitUntilFinished: true,
				pollInterval: 1,
				options: { maxParallelExecutionSteps: 4 },
			}),
			[{ pipelineExecutionArn: execution.arn }],
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json).toMatchObject({
			pipelineExecutionArn: execution.arn,
			pipelineExecutionStatus: 'Succeeded',
			parallelismConfiguration: { maxParallelExecutionSteps: 4 },
			clientRequestToken: expect.stringMatching(/^n8n-/),
		});
		expect(execution.runs[0].attemptCount).toBe(2);
		expect(
			requestsFor(emulator, 'RetryPipelineExecution')[0].input.ParallelismConfiguration,
		).toEqual({ MaxParallelExecutionSteps: 4 });
	});

	test('waiting after a retry does not take the old Failed status, while SageMaker has yet to show the retry', async () => {
		const { emulator } = ctx;
		timedPipeline(emulator, 'flaky', 0, { reason: 'spot capacity lost', attempts: 1 });
		const model = emulator.sageMaker;
		const execution = model.startExecution(model.findPipeline('flaky')!);
		// Eventual consistency, as AWS has it: the retry is accepted now and becomes visible 1.5 s later.
		const retryNow = model.retryExecution;
		model.retryExecution = (arn, parallelism) => {
			setTimeout(() => retryNow.call(model, arn, parallelism), 1500);
			return execution;
		};
		let result;
		try {
			result = await runNode(
				emulator,
				executionOp('retry', { waitUntilFinished: true, pollInterval: 1 }),
				[{ pipelineExecutionArn: execution.arn }],
			);
		} finally {
			model.retryExecution = retryNow;
		}
		expect(result.output('SageMaker')[0].json.pipelineExecutionStatus).toBe('Succeeded');
		expect(execution.runs[0].attemptCount).toBe(2);
	});

	test('Retry On Fail after the retry went through: the replayed retry is answered, the unchanged final status accepted', async () => {
		const { emulator } = ctx;
		timedPipeline(emulator, 'flaky', 0, { reason: 'spot capacity lost', attempts: 1 });
		const execution = emulator.sageMaker.startExecution(emulator.sageMaker.findPipeline('flaky')!);
		// Try 1: Describe (before), Retry (runs, succeeds at once), then the first status check is refused.
		emulator.faults.inject({ operation: 'DescribePipelineExecution', kind: 'latency', ms: 0 });
		emulator.faults.inject({
			operation: 'DescribePipelineExecution',
			kind: 'error',
			code: 'AccessDeniedException',
			status: 400,
		});
		const result = await runNode(
			emulator,
			executionOp('retry', { waitUntilFinished: true, pollInterval: 1 }),
			[{ pipelineExecutionArn: execution.arn }],
			{ node: { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 } },
		);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json.pipelineExecutionStatus).toBe('Succeeded');
		const retries = requestsFor(emulator, 'RetryPipelineExecution');
		expect(retries).toHaveLength(2);
		expect(retries[1].clientRequestToken).toBe(retries[0].clientRequestToken);
		expect(execution.runs[0].attemptCount).toBe(2);
	});

	test('retrying a running execution: ConflictException with what it means', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.findPipeline('train-and-review')!,
		);
		const result = await runNode(emulator, executionOp('retry'), [
			{ pipelineExecutionArn: execution.arn },
		]);
		expect(result.error('SageMaker')?.description).toMatch(
			/Only a Failed or Stopped execution can be retried/,
		);
		expect(execution.status).toBe('Executing');
	});

	test('a bad ARN or token is refused before any request', async () => {
		const { emulator } = ctx;
		const arn = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x';
		const badToken = await runNode(
			emulator,
			executionOp('retry', { options: { clientRequestToken: 'x'.repeat(129) } }),
			[{ pipelineExecutionArn: arn }],
		);
		expect(badToken.error('SageMaker')?.message).toMatch(
			/Client Request Token must be 32 to 128 characters \(got 129/,
		);
		const badArn = await runNode(emulator, executionOp('stop'), [
			{ pipelineExecutionArn: `${arn} ` + 'x' },
		]);
		expect(badArn.error('SageMaker')?.message).toMatch(/not a SageMaker pipeline execution ARN/);
		expect(emulator.requests).toHaveLength(0);
	});
});
