/** The node's model registry requests (and Start's new members) are, byte for byte, what the AWS SDK sends. */
import {
	DescribeModelPackageCommand,
	ListModelPackagesCommand,
	SageMakerClient,
	StartPipelineExecutionCommand,
	UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';

import { EMULATOR_CREDENTIALS } from '../../../../tools/emulator';
import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import {
	executionOp,
	locator as pipelineLocator,
	reviewPipeline,
} from '../pipelineExecution/helpers';
import { locator, modelPackageOp } from './helpers';

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

test('ListModelPackages with every filter', async () => {
	ctx.emulator.sageMaker.registry.registerModelPackage('churn-models');
	await runNode(
		ctx.emulator,
		modelPackageOp('list', {
			modelPackageGroupName: locator('churn-models'),
			approvalStatus: 'PendingManualApproval',
			limit: 20,
			filters: { createdAfter: '2026-01-01T00:00:02Z', createdBefore: '2030-01-01T00:00:00Z' },
			options: { sortBy: 'Name', sortOrder: 'Ascending' },
		}),
		[{}],
	);
	const client = sdk();
	await client.send(
		new ListModelPackagesCommand({
			CreationTimeAfter: new Date('2026-01-01T00:00:02Z'),
			CreationTimeBefore: new Date('2030-01-01T00:00:00Z'),
			MaxResults: 20,
			ModelApprovalStatus: 'PendingManualApproval',
			ModelPackageGroupName: 'churn-models',
			SortBy: 'Name',
			SortOrder: 'Ascending',
		}),
	);
	client.destroy();
	expectSameBody('ListModelPackages');
});

test('DescribeModelPackage and UpdateModelPackage with description and metadata', async () => {
	const registered = ctx.emulator.sageMaker.registry.registerModelPackage('churn-models');
	const client = sdk();
	await runNode(ctx.emulator, modelPackageOp('describe'), [{ modelPackageArn: registered.arn }]);
	await client.send(new DescribeModelPackageCommand({ ModelPackageName: registered.arn }));
	expectSameBody('DescribeModelPackage');

	const result = await runNode(
		ctx.emulator,
		modelPackageOp('updateApprovalStatus', {
			approvalStatus: 'Rejected',
			approvalDescription: 'recall 0.61 < 0.7, "ünïcode"',
			customerMetadataProperties: {
				properties: [
					{ key: 'reviewedBy', value: 'n8n' },
					{ key: 'recall', value: '0.61' },
				],
			},
		}),
		[{ modelPackageArn: registered.arn }],
	);
	await client.send(
		new UpdateModelPackageCommand({
			ModelPackageArn: registered.arn,
			ModelApprovalStatus: 'Rejected',
			ApprovalDescription: 'recall 0.61 < 0.7, "ünïcode"',
			CustomerMetadataProperties: { reviewedBy: 'n8n', recall: '0.61' },
			ClientToken: result.output('SageMaker')[0].json.clientToken as string,
		}),
	);
	client.destroy();
	expectSameBody('UpdateModelPackage');
});

test('StartPipelineExecution with Pipeline Version ID and Selective Execution', async () => {
	reviewPipeline(ctx.emulator);
	const source = ctx.emulator.sageMaker.startExecution(
		ctx.emulator.sageMaker.findPipeline('train-and-review')!,
	);
	const token = 'wire-body-check-selective-000000001';
	await runNode(
		ctx.emulator,
		executionOp('start', {
			pipeline: pipelineLocator('train-and-review'),
			options: {
				clientRequestToken: token,
				maxParallelExecutionSteps: 2,
				pipelineVersionId: 3,
				selectiveExecutionConfig: {
					selection: { sourcePipelineExecutionArn: source.arn, selectedSteps: 'Review, Train' },
				},
			},
		}),
		[{}],
	);
	const client = sdk();
	await client.send(
		new StartPipelineExecutionCommand({
			PipelineName: 'train-and-review',
			ClientRequestToken: token,
			ParallelismConfiguration: { MaxParallelExecutionSteps: 2 },
			SelectiveExecutionConfig: {
				SourcePipelineExecutionArn: source.arn,
				SelectedSteps: [{ StepName: 'Review' }, { StepName: 'Train' }],
			},
			PipelineVersionId: 3,
		}),
	);
	client.destroy();
	expectSameBody('StartPipelineExecution');
});
