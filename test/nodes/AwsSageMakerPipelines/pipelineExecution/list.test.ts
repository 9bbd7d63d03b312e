import type { Emulator } from '../../../../tools/emulator';
import { requestsFor, runNode, useEmulator } from '../../../harness/emulator';
import { executionOp, ISO_TIME, locator, reviewPipeline } from './helpers';

const ctx = useEmulator();

const list = (extra: Record<string, unknown> = {}) =>
	executionOp('list', { pipeline: locator('train-and-review'), ...extra });

/** `count` executions of train-and-review, created one second apart (oldest first), all waiting on Review. */
function executions(emulator: Emulator, count: number) {
	reviewPipeline(emulator);
	const pipeline = emulator.sageMaker.findPipeline('train-and-review')!;
	const base = Date.parse('2026-01-01T00:00:00Z');
	return Array.from({ length: count }, (_, i) => {
		const execution = emulator.sageMaker.startExecution(pipeline, { displayName: `run-${i}` });
		execution.creationTime = base + i * 1000;
		return execution;
	});
}

describe('List Pipeline Executions', () => {
	test('Return All follows NextToken across pages of 100, newest first', async () => {
		const { emulator } = ctx;
		const all = executions(emulator, 230);
		const result = await runNode(emulator, list({ returnAll: true }), [{}]);
		expect(result.error('SageMaker')).toBeUndefined();
		const output = result.output('SageMaker');
		expect(output).toHaveLength(230);
		expect(output.map((item) => item.json.pipelineExecutionArn)).toEqual(
			[...all].reverse().map((e) => e.arn),
		);
		expect(
			output.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);

		const pages = requestsFor(emulator, 'ListPipelineExecutions');
		expect(pages.map((page) => page.input.MaxResults)).toEqual([100, 100, 100]);
		expect(pages[0].input.NextToken).toBeUndefined();
		expect(pages[1].input.NextToken).toEqual(expect.any(String));
		expect(pages[2].input.NextToken).not.toBe(pages[1].input.NextToken);
	});

	test('a limit asks only for what is still wanted', async () => {
		const { emulator } = ctx;
		executions(emulator, 230);
		const result = await runNode(emulator, list({ limit: 150 }), [{}]);
		expect(result.output('SageMaker')).toHaveLength(150);
		expect(
			requestsFor(emulator, 'ListPipelineExecutions').map((page) => page.input.MaxResults),
		).toEqual([100, 50]);
	});

	test('each execution: camel-cased summary, ISO start time, pipeline name and id', async () => {
		const { emulator } = ctx;
		const [execution] = executions(emulator, 1);
		const result = await runNode(emulator, list(), [{}]);
		expect(result.output('SageMaker')[0].json).toEqual({
			pipelineExecutionArn: execution.arn,
			pipelineName: 'train-and-review',
			pipelineExecutionId: execution.id,
			startTime: '2026-01-01T00:00:00.000Z',
			pipelineExecutionStatus: 'Executing',
			pipelineExecutionDisplayName: 'run-0',
		});
	});

	test('the status filter reads further pages until the limit is met', async () => {
		const { emulator } = ctx;
		const all = executions(emulator, 150);
		// Every 30th execution (counting from the newest) is stopped; the first page of 100 holds 4 of them.
		const stopped = [...all].reverse().filter((_e, i) => i % 30 === 0);
		for (const execution of stopped) execution.status = 'Stopped';
		const result = await runNode(emulator, list({ limit: 5, filters: { statuses: ['Stopped'] } }), [
			{},
		]);
		expect(result.output('SageMaker').map((item) => item.json.pipelineExecutionArn)).toEqual(
			stopped.map((e) => e.arn),
		);
		expect(
			requestsFor(emulator, 'ListPipelineExecutions').map((page) => page.input.MaxResults),
		).toEqual([100, 100]);
	});

	test('Created After / Before go to SageMaker as epoch seconds; oldest first on request', async () => {
		const { emulator } = ctx;
		executions(emulator, 10);
		const result = await runNode(
			emulator,
			list({
				returnAll: true,
				filters: { createdAfter: '2026-01-01T00:00:02Z', createdBefore: '={{ $json.before }}' },
				options: { sortOrder: 'Ascending' },
			}),
			[{ before: '2026-01-01T00:00:06.000Z' }],
		);
		expect(
			result.output('SageMaker').map((item) => item.json.pipelineExecutionDisplayName),
		).toEqual(['run-3', 'run-4', 'run-5']);
		expect(result.output('SageMaker')[0].json.startTime).toMatch(ISO_TIME);
		const [request] = requestsFor(emulator, 'ListPipelineExecutions');
		expect(request.input).toMatchObject({
			PipelineName: 'train-and-review',
			CreatedAfter: Date.parse('2026-01-01T00:00:02Z') / 1000,
			CreatedBefore: Date.parse('2026-01-01T00:00:06Z') / 1000,
			SortBy: 'CreationTime',
			SortOrder: 'Ascending',
		});
	});

	test('a date that is not one is refused before any request', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(
			emulator,
			list({ filters: { createdAfter: '={{ $json.when }}' } }),
			[{ when: 'yesterday-ish' }],
		);
		expect(result.error('SageMaker')?.message).toBe(
			'Created After is not a date (got "yesterday-ish")',
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('no executions: no items', async () => {
		const { emulator } = ctx;
		reviewPipeline(emulator);
		const result = await runNode(emulator, list({ returnAll: true }), [{}]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')).toHaveLength(0);
	});

	test('an unknown pipeline: ResourceNotFound', async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, list({ pipeline: locator('nothing-here') }), [{}]);
		expect(result.error('SageMaker')?.message).toMatch(
			/ListPipelineExecutions failed: .*\[ResourceNotFound\]$/,
		);
	});
});
