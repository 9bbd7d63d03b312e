/**
 * The Model Package pickers ("From List") and the trigger's queue picker as the editor runs them: n8n-core's
 * LoadOptionsContext for the parameter calling the node's listSearch method, through the credential, against
 * the emulator.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodeListSearchResult } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AwsSageMakerPipelines } from '../../../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';
import { AwsSageMakerPipelinesTrigger } from '../../../../nodes/AwsSageMakerPipelinesTrigger/AwsSageMakerPipelinesTrigger.node';
import {
	harnessAdditionalData,
	HarnessCredentialsHelper,
	HarnessNodeTypes,
	sageMakerNode,
} from '../../../harness/engine';
import { triggerNode } from '../../../harness/trigger';
import { emulatorCredential, requestsFor, useEmulator } from '../../../harness/emulator';
import { locator, modelPackageOp, registerVersions } from './helpers';

const ctx = useEmulator();

type Search = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

function contextFor(
	node: INode,
	parameter: string,
	credential = emulatorCredential(ctx.emulator),
): ILoadOptionsFunctions {
	const workflow = new Workflow({
		id: 'list-search',
		name: 'list-search',
		nodes: [node],
		connections: {},
		nodeTypes: new HarnessNodeTypes(),
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const credentials = new HarnessCredentialsHelper({ awsSageMakerApi: credential });
	return new LoadOptionsContext(
		workflow,
		node,
		harnessAdditionalData(credentials),
		`parameters.${parameter}`,
	);
}

const node = new AwsSageMakerPipelines();
async function searchGroups(filter?: string, token?: string) {
	const context = contextFor(
		sageMakerNode(modelPackageOp('list', { modelPackageGroupName: locator('', 'list') })),
		'modelPackageGroupName',
	);
	return await (node.methods.listSearch.searchModelPackageGroups as Search).call(
		context,
		filter,
		token,
	);
}
async function searchPending(filter?: string, token?: string) {
	const context = contextFor(
		sageMakerNode(modelPackageOp('updateApprovalStatus', { modelPackageArn: locator('', 'list') })),
		'modelPackageArn',
	);
	return await (node.methods.listSearch.searchPendingModelPackages as Search).call(
		context,
		filter,
		token,
	);
}
async function searchQueues(
	filter?: string,
	token?: string,
	credential = emulatorCredential(ctx.emulator),
) {
	const context = contextFor(
		triggerNode({ queueUrl: { __rl: true, mode: 'list', value: '' } }),
		'queueUrl',
		credential,
	);
	return await (new AwsSageMakerPipelinesTrigger().methods.listSearch.searchQueues as Search).call(
		context,
		filter,
		token,
	);
}

describe('model package group picker', () => {
	test('pages through ListModelPackageGroups by name; the search text matches anywhere in the name', async () => {
		const { registry } = ctx.emulator.sageMaker;
		for (let i = 0; i < 120; i++)
			registry.createModelPackageGroup(`churn-${String(i).padStart(3, '0')}`, {
				description: i === 0 ? 'first' : undefined,
			});
		registry.createModelPackageGroup('fraud-models');
		const first = await searchGroups();
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({
			name: 'churn-000',
			value: 'churn-000',
			description: 'first',
		});
		const second = await searchGroups(undefined, first.paginationToken);
		expect(second.results.map((r) => r.value)).toEqual([
			...Array.from({ length: 20 }, (_, i) => `churn-${100 + i}`),
			'fraud-models',
		]);
		expect(second.paginationToken).toBeUndefined();

		expect((await searchGroups('aud')).results.map((r) => r.value)).toEqual(['fraud-models']);
		expect(requestsFor(ctx.emulator, 'ListModelPackageGroups').map((r) => r.input)).toEqual([
			{ MaxResults: 100, SortBy: 'Name', SortOrder: 'Ascending' },
			{ MaxResults: 100, NextToken: first.paginationToken, SortBy: 'Name', SortOrder: 'Ascending' },
			{ MaxResults: 100, NameContains: 'aud', SortBy: 'Name', SortOrder: 'Ascending' },
		]);
	});

	test('text no group name can contain costs no request', async () => {
		expect(await searchGroups('churn models')).toEqual({ results: [] });
		expect(requestsFor(ctx.emulator, 'ListModelPackageGroups')).toHaveLength(0);
	});
});

describe('pending model package picker', () => {
	test('every group\'s versions waiting for approval, newest first, named "group vN"', async () => {
		registerVersions(ctx.emulator, 4, 'churn-models');
		const fraud = ctx.emulator.sageMaker.registry.registerModelPackage('fraud-models', {
			description: 'gbm',
			creationTime: Date.UTC(2026, 1, 1),
		});
		const result = await searchPending();
		expect(result.results[0]).toEqual({
			name: 'fraud-models v1',
			value: fraud.arn,
			description: 'gbm',
		});
		expect(result.results.map((r) => r.name)).toEqual([
			'fraud-models v1',
			'churn-models v3',
			'churn-models v2',
		]);
		expect((await searchPending('fraud')).results.map((r) => r.value)).toEqual([fraud.arn]);
		expect(requestsFor(ctx.emulator, 'ListModelPackages')[0].input).toEqual({
			MaxResults: 100,
			ModelApprovalStatus: 'PendingManualApproval',
			ModelPackageType: 'Versioned',
			SortBy: 'CreationTime',
			SortOrder: 'Descending',
		});
	});

	test('an AWS error is shown with its code and the IAM action to allow', async () => {
		ctx.emulator.faults.inject({
			operation: 'ListModelPackages',
			kind: 'error',
			code: 'AccessDeniedException',
			status: 400,
			message: 'denied',
		});
		await expect(searchPending()).rejects.toMatchObject({
			description: expect.stringMatching(/sagemaker:ListModelPackages/),
		});
	});
});

describe('trigger queue picker', () => {
	test('pages through ListQueues by name prefix; each queue by name, its URL as the value', async () => {
		for (let i = 0; i < 130; i++)
			ctx.emulator.sqs.createQueue(`callbacks-${String(i).padStart(3, '0')}`);
		ctx.emulator.sqs.createQueue('orders');
		const first = await searchQueues('callbacks-');
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({
			name: 'callbacks-000',
			value: ctx.emulator.sqs.queueUrl('callbacks-000'),
		});
		const second = await searchQueues('callbacks-', first.paginationToken);
		expect(second.results).toHaveLength(30);
		expect(second.paginationToken).toBeUndefined();
		const unfiltered = await searchQueues();
		expect(unfiltered.results).toHaveLength(100);
		expect((await searchQueues(undefined, unfiltered.paginationToken)).results.at(-1)).toEqual({
			name: 'orders',
			value: ctx.emulator.sqs.queueUrl('orders'),
		});
		expect(requestsFor(ctx.emulator, 'ListQueues').map((r) => r.input)).toEqual([
			{ QueueNamePrefix: 'callbacks-', MaxResults: 100 },
			{ QueueNamePrefix: 'callbacks-', NextToken: first.paginationToken, MaxResults: 100 },
			{ MaxResults: 100 },
			{ NextToken: unfiltered.paginationToken, MaxResults: 100 },
		]);
	});

	test('text that cannot begin a queue name costs no request; AWS errors name sqs:ListQueues', async () => {
		expect(await searchQueues('my queue')).toEqual({ results: [] });
		expect(requestsFor(ctx.emulator, 'ListQueues')).toHaveLength(0);
		ctx.emulator.faults.inject({
			operation: 'ListQueues',
			kind: 'error',
			code: 'AccessDenied',
			status: 403,
			message: 'denied',
		});
		await expect(searchQueues()).rejects.toMatchObject({
			description: expect.stringMatching(/sqs:ListQueues/),
		});
	});
});
