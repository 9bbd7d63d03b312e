/**
 * The emulator's model registry and ListQueues through the real @aws-sdk/client-sagemaker and client-sqs,
 * paginators included: groups and versions listed and filtered, a package described, its approval moved
 * through the state machine with ClientToken idempotency, and botocore's limits enforced.
 */
import {
	DescribeModelPackageCommand,
	ListModelPackagesCommand,
	paginateListModelPackageGroups,
	paginateListModelPackages,
	SageMakerClient,
	UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import {
	CreateQueueCommand,
	ListQueuesCommand,
	paginateListQueues,
	SQSClient,
} from '@aws-sdk/client-sqs';

import type { Emulator } from '../../../tools/emulator';
import { clientConfig, failure, useEmulatorFor } from './helpers';

let emulator: Emulator;
const clients: Array<SageMakerClient | SQSClient> = [];
useEmulatorFor(clients, (started) => (emulator = started));

function sageMaker(): SageMakerClient {
	const client = new SageMakerClient(clientConfig(emulator, { maxAttempts: 1 }));
	clients.push(client);
	return client;
}

function sqs(): SQSClient {
	const client = new SQSClient(clientConfig(emulator, { maxAttempts: 1 }));
	clients.push(client);
	return client;
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const page of pages) out.push(page);
	return out;
}

describe('model registry', () => {
	test('the SDK paginator walks every group, filtered by NameContains', async () => {
		for (let i = 0; i < 25; i++)
			emulator.sageMaker.registry.createModelPackageGroup(`churn-${String(i).padStart(2, '0')}`);
		emulator.sageMaker.registry.createModelPackageGroup('fraud-models');
		const pages = await all(
			paginateListModelPackageGroups(
				{ client: sageMaker(), pageSize: 10 },
				{ NameContains: 'churn', SortBy: 'Name' },
			),
		);
		expect(pages).toHaveLength(3);
		const names = pages.flatMap((page) =>
			page.ModelPackageGroupSummaryList!.map((g) => g.ModelPackageGroupName),
		);
		expect(names).toEqual(
			Array.from({ length: 25 }, (_, i) => `churn-${String(i).padStart(2, '0')}`),
		);
	});

	test("versions of a group, filtered by approval status, paged, with SageMaker's summary members", async () => {
		const { registry } = emulator.sageMaker;
		for (let i = 0; i < 12; i++) {
			registry.registerModelPackage('churn-models', {
				approvalStatus: i % 3 === 0 ? 'Approved' : 'PendingManualApproval',
				creationTime: Date.UTC(2026, 0, 1, 0, i),
			});
		}
		const pages = await all(
			paginateListModelPackages(
				{ client: sageMaker(), pageSize: 3 },
				{ ModelPackageGroupName: 'churn-models', ModelApprovalStatus: 'PendingManualApproval' },
			),
		);
		const versions = pages.flatMap((page) =>
			page.ModelPackageSummaryList!.map((p) => p.ModelPackageVersion),
		);
		expect(versions).toEqual([2, 3, 5, 6, 8, 9, 11, 12]);
		expect(pages[0].ModelPackageSummaryList![0]).toEqual({
			ModelPackageGroupName: 'churn-models',
			ModelPackageVersion: 2,
			ModelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/2',
			CreationTime: new Date(Date.UTC(2026, 0, 1, 0, 1)),
			ModelPackageStatus: 'Completed',
			ModelApprovalStatus: 'PendingManualApproval',
		});
		// Without a group, only ModelPackageType Versioned (or Both) lists the registry's versions.
		const unversioned = await sageMaker().send(new ListModelPackagesCommand({}));
		expect(unversioned.ModelPackageSummaryList).toEqual([]);
		const versioned = await sageMaker().send(
			new ListModelPackagesCommand({
				ModelPackageType: 'Versioned',
				SortOrder: 'Descending',
				MaxResults: 2,
			}),
		);
		expect(versioned.ModelPackageSummaryList!.map((p) => p.ModelPackageVersion)).toEqual([12, 11]);
	});

	test('describe: images, model data, metrics report, metadata and the execution that registered it', async () => {
		const generatedBy = 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn/execution/abc123';
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models', {
			description: 'xgboost',
			customerMetadataProperties: { accuracy: '0.93' },
			modelDataUrl: 's3://bucket/model.tar.gz',
			modelQualityStatisticsUri: 's3://bucket/evaluation.json',
			generatedBy,
		});
		for (const name of [registered.arn, 'churn-models/1']) {
			const described = await sageMaker().send(
				new DescribeModelPackageCommand({ ModelPackageName: name }),
			);
			expect(described).toMatchObject({
				ModelPackageArn: registered.arn,
				ModelPackageVersion: 1,
				ModelApprovalStatus: 'PendingManualApproval',
				CustomerMetadataProperties: { accuracy: '0.93' },
				MetadataProperties: { GeneratedBy: generatedBy },
				ModelMetrics: {
					ModelQuality: {
						Statistics: { S3Uri: 's3://bucket/evaluation.json', ContentType: 'application/json' },
					},
				},
				InferenceSpecification: { Containers: [{ ModelDataUrl: 's3://bucket/model.tar.gz' }] },
			});
		}
		const missing = await failure(
			sageMaker().send(new DescribeModelPackageCommand({ ModelPackageName: 'churn-models/9' })),
		);
		expect(missing).toMatchObject({ name: 'ValidationException', status: 400 });
		expect(missing.message).toMatch(/does not exist/);
	});

	test('approval: Pending → Approved → Rejected, a ClientToken applies once, a reused token with another request is refused', async () => {
		const { registry } = emulator.sageMaker;
		const registered = registry.registerModelPackage('churn-models');
		const client = sageMaker();
		const approve = {
			ModelPackageArn: registered.arn,
			ModelApprovalStatus: 'Approved' as const,
			ApprovalDescription: 'ok',
			ClientToken: 'n8n-approve-1',
		};
		expect(await client.send(new UpdateModelPackageCommand(approve))).toMatchObject({
			ModelPackageArn: registered.arn,
		});
		await client.send(new UpdateModelPackageCommand(approve));
		expect(registered).toMatchObject({
			approvalStatus: 'Approved',
			approvalDescription: 'ok',
			updates: 1,
			replays: 1,
		});

		const reused = await failure(
			client.send(new UpdateModelPackageCommand({ ...approve, ModelApprovalStatus: 'Rejected' })),
		);
		expect(reused).toMatchObject({ name: 'ValidationException' });
		await client.send(
			new UpdateModelPackageCommand({
				...approve,
				ModelApprovalStatus: 'Rejected',
				ClientToken: 'n8n-reject-1',
			}),
		);
		expect(registered).toMatchObject({ approvalStatus: 'Rejected', updates: 2 });

		const inProgress = registry.registerModelPackage('churn-models', { status: 'InProgress' });
		const conflict = await failure(
			client.send(
				new UpdateModelPackageCommand({
					ModelPackageArn: inProgress.arn,
					ModelApprovalStatus: 'Approved',
				}),
			),
		);
		expect(conflict).toMatchObject({ name: 'ConflictException', status: 400 });
		expect(inProgress.approvalStatus).toBe('PendingManualApproval');
	});

	test('botocore limits: ClientToken 1–36 [a-zA-Z0-9-], description ≤ 1024, metadata keys, values and count', async () => {
		const registered = emulator.sageMaker.registry.registerModelPackage('churn-models');
		const client = sageMaker();
		const base = { ModelPackageArn: registered.arn, ModelApprovalStatus: 'Approved' as const };
		const cases = [
			{ ...base, ClientToken: 'x'.repeat(37) },
			{ ...base, ClientToken: 'has_underscore' },
			{ ...base, ApprovalDescription: 'd'.repeat(1025) },
			{ ...base, CustomerMetadataProperties: { ['k'.repeat(129)]: 'v' } },
			{ ...base, CustomerMetadataProperties: { key: 'v'.repeat(257) } },
			{ ...base, CustomerMetadataProperties: { key: 'semi;colon' } },
			{
				...base,
				CustomerMetadataProperties: Object.fromEntries(
					Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
				),
			},
		];
		for (const input of cases) {
			expect(await failure(client.send(new UpdateModelPackageCommand(input)))).toMatchObject({
				name: 'ValidationException',
				status: 400,
			});
		}
		expect(registered).toMatchObject({ approvalStatus: 'PendingManualApproval', updates: 0 });
	});
});

describe('SQS ListQueues', () => {
	test('by name prefix, paged with MaxResults through the SDK paginator; all at once without it', async () => {
		const client = sqs();
		for (let i = 0; i < 7; i++)
			await client.send(new CreateQueueCommand({ QueueName: `callbacks-${i}` }));
		await client.send(new CreateQueueCommand({ QueueName: 'other' }));
		const pages = await all(
			paginateListQueues({ client, pageSize: 3 }, { QueueNamePrefix: 'callbacks-' }),
		);
		expect(pages.map((page) => page.QueueUrls?.length)).toEqual([3, 3, 1]);
		expect(pages.flatMap((page) => page.QueueUrls)).toEqual(
			Array.from({ length: 7 }, (_, i) => emulator.sqs.queueUrl(`callbacks-${i}`)),
		);
		const whole = await client.send(new ListQueuesCommand({}));
		expect(whole.QueueUrls).toHaveLength(8);
		expect(whole.NextToken).toBeUndefined();
		expect(
			await client.send(new ListQueuesCommand({ QueueNamePrefix: 'none' })),
		).not.toHaveProperty('QueueUrls');
		expect(await failure(client.send(new ListQueuesCommand({ MaxResults: 1001 })))).toMatchObject({
			code: 'InvalidParameterValue',
		});
	});
});
