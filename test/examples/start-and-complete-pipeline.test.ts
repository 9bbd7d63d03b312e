/**
 * examples/start-and-complete-pipeline.json as a user imports it, run by the n8n engine against the emulator's
 * demo pipeline. Only what the harness cannot load changes: the Manual Trigger becomes the harness's Start node
 * and the sticky note is left out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConnections, INode } from 'n8n-workflow';

import { runWorkflow, START_TYPE } from '../harness/engine';
import { emulatorCredential, useEmulator } from '../harness/emulator';

const ctx = useEmulator();

const example = JSON.parse(readFileSync(join(__dirname, '../../examples/start-and-complete-pipeline.json'), 'utf8')) as {
	nodes: INode[];
	connections: IConnections;
};

test('the example starts demo-pipeline, finds its callback step and approves it', async () => {
	const { emulator } = ctx;
	emulator.sageMaker.createPipeline({
		name: 'demo-pipeline',
		steps: [
			{ name: 'Prepare', type: 'Processing' },
			{ name: 'ApproveModel', type: 'Callback', outputs: [{ name: 'approved', type: 'Boolean' }] },
			{ name: 'Train', type: 'Training' },
		],
	});
	const nodes = example.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => (node.type === 'n8n-nodes-base.manualTrigger' ? { ...node, type: START_TYPE } : node));
	expect(nodes.filter((node) => node.credentials).map((node) => node.credentials?.awsSageMakerApi?.name)).toEqual([
		'AWS SageMaker (example)',
		'AWS SageMaker (example)',
		'AWS SageMaker (example)',
	]);

	const result = await runWorkflow({ nodes, connections: example.connections, credentials: { awsSageMakerApi: emulatorCredential(emulator) } });

	for (const node of nodes) expect(result.error(node.name)).toBeUndefined();
	const [execution] = emulator.sageMaker.executions.values();
	expect(execution).toMatchObject({ displayName: 'n8n-manual-run', status: 'Succeeded' });
	expect(result.output('Send Step Success')[0].json).toMatchObject({
		status: 'Succeeded',
		pipelineExecutionArn: execution.arn,
		outputParameters: { approved: 'true', approvedBy: 'n8n' },
	});
});
