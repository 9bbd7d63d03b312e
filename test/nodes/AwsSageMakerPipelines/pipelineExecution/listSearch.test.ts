/**
 * The pipeline picker ("From List") as the editor runs it: n8n-core's LoadOptionsContext for the
 * node's `pipeline` parameter calling `searchPipelines`, through the credential, against the emulator.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AwsSageMakerPipelines } from '../../../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';
import {
	harnessAdditionalData,
	HarnessCredentialsHelper,
	HarnessNodeTypes,
	sageMakerNode,
} from '../../../harness/engine';
import { emulatorCredential, requestsFor, useEmulator } from '../../../harness/emulator';
import { executionOp, locator } from './helpers';

const ctx = useEmulator();

async function search(filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const node = sageMakerNode(executionOp('start', { pipeline: locator('', 'list') }));
	const workflow = new Workflow({
		id: 'list-search',
		name: 'list-search',
		nodes: [node],
		connections: {},
		nodeTypes: new HarnessNodeTypes(),
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const credentials = new HarnessCredentialsHelper({
		awsSageMakerApi: emulatorCredential(ctx.emulator),
	});
	const context = new LoadOptionsContext(
		workflow,
		node,
		harnessAdditionalData(credentials),
		'parameters.pipeline',
	);
	const searchPipelines = new AwsSageMakerPipelines().methods.listSearch.searchPipelines;
	return await searchPipelines.call(context, filter, paginationToken);
}

function pipelines(count: number, prefix: string) {
	for (let i = 0; i < count; i++) {
		ctx.emulator.sageMaker.createPipeline({
			name: `${prefix}-${String(i).padStart(3, '0')}`,
			steps: [{ name: 'Work', type: 'Processing' }],
		});
	}
}

describe('pipeline list search', () => {
	test("pages through ListPipelines by name, handing n8n SageMaker's NextToken", async () => {
		pipelines(130, 'model');
		const first = await search();
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toEqual({ name: 'model-000', value: 'model-000' });
		expect(first.paginationToken).toEqual(expect.any(String));

		const second = await search(undefined, first.paginationToken);
		expect(second.results.map((r) => r.value)).toEqual(
			Array.from({ length: 30 }, (_, i) => `model-${String(100 + i)}`),
		);
		expect(second.paginationToken).toBeUndefined();
		expect(requestsFor(ctx.emulator, 'ListPipelines').map((r) => r.input)).toEqual([
			{ SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 100 },
			{ SortBy: 'Name', SortOrder: 'Ascending', NextToken: first.paginationToken, MaxResults: 100 },
		]);
	});

	test('the search text filters by name prefix; display name and description are shown', async () => {
		pipelines(3, 'churn');
		pipelines(3, 'fraud');
		ctx.emulator.sageMaker.createPipeline({
			name: 'churn-weekly',
			displayName: 'Churn weekly',
			description: 'retrains every Monday',
			steps: [{ name: 'Work', type: 'Processing' }],
		});
		const result = await search(' churn ');
		expect(result.results.map((r) => r.value)).toEqual([
			'churn-000',
			'churn-001',
			'churn-002',
			'churn-weekly',
		]);
		expect(result.results[3]).toEqual({
			name: 'Churn weekly (churn-weekly)',
			value: 'churn-weekly',
			description: 'retrains every Monday',
		});
		expect(requestsFor(ctx.emulator, 'ListPipelines')[0].input.PipelineNamePrefix).toBe('churn');
	});

	test('text no pipeline name can start with finds nothing and sends nothing', async () => {
		pipelines(2, 'churn');
		expect(await search('churn model')).toEqual({ results: [] });
		expect(await search('_x')).toEqual({ results: [] });
		expect(ctx.emulator.requests).toHaveLength(0);
	});

	test('an AWS refusal reaches the editor with its code and hint', async () => {
		ctx.emulator.faults.inject({
			operation: 'ListPipelines',
			kind: 'error',
			code: 'AccessDeniedException',
			status: 400,
			message: 'not allowed',
		});
		await expect(search()).rejects.toMatchObject({
			message: 'SageMaker ListPipelines failed: not allowed [AccessDeniedException]',
			description: expect.stringMatching(/may not call sagemaker:ListPipelines/),
		});
	});
});
