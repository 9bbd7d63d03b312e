/**
 * The loop users build without a queue: Start → Get Pending Callback Steps → Send Step Success →
 * Describe and List Steps, five nodes of one workflow run by the n8n engine against the emulator.
 */
import { chain, runWorkflow, sageMakerNode, startNode } from '../../../harness/engine';
import { emulatorCredential, useEmulator } from '../../../harness/emulator';
import { executionOp, locator, reviewPipeline } from './helpers';

const ctx = useEmulator();

test('Start → Get Pending Callback Steps → Send Step Success → Describe shows the step Succeeded and the execution moving on', async () => {
	const { emulator } = ctx;
	reviewPipeline(emulator, { trainMs: 60_000 });
	const nodes = [
		startNode(),
		sageMakerNode(
			executionOp('start', {
				pipeline: locator('train-and-review', 'list'),
				pipelineParameters: { parameters: [{ name: 'Dataset', value: '={{ $json.dataset }}' }] },
			}),
			{ name: 'Start Pipeline' },
		),
		sageMakerNode(executionOp('getPendingCallbackSteps'), { name: 'Pending Callbacks' }),
		sageMakerNode(
			{
				resource: 'callbackStep',
				operation: 'sendSuccess',
				outputParameters: {
					parameters: [{ name: 'approved', value: '={{ $json.stepName === "Review" }}' }],
				},
			},
			{ name: 'Approve' },
		),
		sageMakerNode(executionOp('describe', { options: { includeParameters: false } }), {
			name: 'Describe',
		}),
		sageMakerNode(
			executionOp('listSteps', { returnAll: true, options: { sortOrder: 'Ascending' } }),
			{ name: 'Steps' },
		),
	];
	const result = await runWorkflow({
		nodes,
		connections: chain(
			'Start',
			'Start Pipeline',
			'Pending Callbacks',
			'Approve',
			'Describe',
			'Steps',
		),
		credentials: { awsSageMakerApi: emulatorCredential(emulator) },
		input: [{ dataset: 's3://bucket/2026-01-31.csv' }],
	});

	for (const node of nodes) expect(result.error(node.name)).toBeUndefined();
	const [execution] = emulator.sageMaker.executions.values();
	expect(execution.parameters).toEqual([{ Name: 'Dataset', Value: 's3://bucket/2026-01-31.csv' }]);

	const [pending] = result.output('Pending Callbacks');
	expect(pending.json).toMatchObject({
		stepName: 'Review',
		status: 'Executing',
		pipelineExecutionArn: execution.arn,
	});
	expect(result.output('Approve')[0].json).toMatchObject({
		status: 'Succeeded',
		callbackToken: pending.json.token,
	});

	// The execution went on past the callback step: Train is running now.
	expect(result.output('Describe')[0].json).toMatchObject({
		pipelineExecutionArn: execution.arn,
		pipelineExecutionStatus: 'Executing',
	});
	expect(result.output('Steps').map((item) => [item.json.stepName, item.json.stepStatus])).toEqual([
		['Prepare', 'Succeeded'],
		['Review', 'Succeeded'],
		['Train', 'Executing'],
	]);
	expect(result.output('Steps')[1].json.outputParameters).toEqual({ approved: 'true' });
});
