/** The node's requests for pipeline executions are, byte for byte, what the AWS SDK sends for the same input. */
import {
	ListPipelineExecutionsCommand,
	ListPipelineExecutionStepsCommand,
	RetryPipelineExecutionCommand,
	SageMakerClient,
	StartPipelineExecutionCommand,
	StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';

import { EMULATOR_CREDENTIALS } from '../../../../tools/emulator';
import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, locator, reviewPipeline, timedPipeline } from './helpers';

const ctx = useEmulator();

function sdk(): SageMakerClient {
	return new SageMakerClient({
		endpoint: ctx.emulator.url,
		region: EMULATOR_CREDENTIALS.region,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		maxAttempts: 1,
	});
}

/** The last two requests of an operation (ours, then the SDK's) carry the same body. */
function expectSameBody(operation: string) {
	const [node, reference] = requestsFor(ctx.emulator, operation).slice(-2);
	expect(node.rawBody).toBe(reference.rawBody);
	expect(node.headers['x-amz-target']).toBe(reference.headers['x-amz-target']);
	expect(node.headers['content-type']).toBe(reference.headers['content-type']);
}

test('StartPipelineExecution with every option', async () => {
	reviewPipeline(ctx.emulator);
	const token = 'wire-body-check-start-0000000000001';
	await runNode(
		ctx.emulator,
		executionOp('start', {
			pipeline: locator('train-and-review'),
			pipelineParameters: {
				parameters: [
					{ name: 'Threshold', value: '0.7' },
					{ name: 'Note', value: 'ünïcode "quoted"' },
				],
			},
			options: {
				pipelineExecutionDisplayName: 'run-1',
				pipelineExecutionDescription: 'from n8n',
				clientRequestToken: token,
				maxParallelExecutionSteps: 2,
			},
		}),
		[{}],
	);
	await sdk().send(
		new StartPipelineExecutionCommand({
			PipelineName: 'train-and-review',
			PipelineExecutionDisplayName: 'run-1',
			PipelineParameters: [
				{ Name: 'Threshold', Value: '0.7' },
				{ Name: 'Note', Value: 'ünïcode "quoted"' },
			],
			PipelineExecutionDescription: 'from n8n',
			ClientRequestToken: token,
			ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
		}),
	);
	expectSameBody('StartPipelineExecution');
});

test('ListPipelineExecutions with a time range, and ListPipelineExecutionSteps with a sort order', async () => {
	reviewPipeline(ctx.emulator);
	const execution = ctx.emulator.sageMaker.startExecution(
		ctx.emulator.sageMaker.findPipeline('train-and-review')!,
	);
	await runNode(
		ctx.emulator,
		executionOp('list', {
			pipeline: locator('train-and-review'),
			limit: 20,
			filters: { createdAfter: '2026-01-01T00:00:02Z', createdBefore: '2030-01-01T00:00:00Z' },
			options: { sortOrder: 'Ascending' },
		}),
		[{}],
	);
	await sdk().send(
		new ListPipelineExecutionsCommand({
			PipelineName: 'train-and-review',
			CreatedAfter: new Date('2026-01-01T00:00:02Z'),
			CreatedBefore: new Date('2030-01-01T00:00:00Z'),
			SortBy: 'CreationTime',
			SortOrder: 'Ascending',
			MaxResults: 20,
		}),
	);
	expectSameBody('ListPipelineExecutions');

	await runNode(
		ctx.emulator,
		executionOp('listSteps', { limit: 5, options: { sortOrder: 'Ascending' } }),
		[{ pipelineExecutionArn: execution.arn }],
	);
	await sdk().send(
		new ListPipelineExecutionStepsCommand({
			PipelineExecutionArn: execution.arn,
			MaxResults: 5,
			SortOrder: 'Ascending',
		}),
	);
	expectSameBody('ListPipelineExecutionSteps');
});

test('StopPipelineExecution and RetryPipelineExecution', async () => {
	timedPipeline(ctx.emulator, 'flaky', 0, { reason: 'spot capacity lost' });
	const failed = ctx.emulator.sageMaker.startExecution(
		ctx.emulator.sageMaker.findPipeline('flaky')!,
	);
	const token = 'wire-body-check-retry-0000000000001';
	await runNode(
		ctx.emulator,
		executionOp('retry', { options: { clientRequestToken: token, maxParallelExecutionSteps: 3 } }),
		[{ pipelineExecutionArn: failed.arn }],
	);
	await sdk().send(
		new RetryPipelineExecutionCommand({
			PipelineExecutionArn: failed.arn,
			ClientRequestToken: token,
			ParallelismConfiguration: { MaxParallelExecutionSteps: 3 },
		}),
	);
	expectSameBody('RetryPipelineExecution');

	reviewPipeline(ctx.emulator);
	const running = ctx.emulator.sageMaker.startExecution(
		ctx.emulator.sageMaker.findPipeline('train-and-review')!,
	);
	const stopToken = 'wire-body-check-stop-00000000000001';
	await runNode(ctx.emulator, executionOp('stop', { options: { clientRequestToken: stopToken } }), [
		{ pipelineExecutionArn: running.arn },
	]);
	await sdk().send(
		new StopPipelineExecutionCommand({
			PipelineExecutionArn: running.arn,
			ClientRequestToken: stopToken,
		}),
	);
	expectSameBody('StopPipelineExecution');
});
