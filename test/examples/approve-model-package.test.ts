/**
 * examples/approve-model-package.json as a user imports it, run by the n8n engine against the emulator's model
 * registry. Only what the harness cannot load changes: the Manual Trigger becomes the harness's Start node, the
 * sticky note is left out, and n8n's IF node (in n8n-nodes-base, not a dependency here) is stood in for by a
 * node that evaluates the same `conditions` parameter with n8n-workflow's own filter code, as IF v2 does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IConnections, IExecuteFunctions, INode, INodeExecutionData, INodeType } from 'n8n-workflow';

import { registerNodeType, runWorkflow, START_TYPE } from '../harness/engine';
import { emulatorCredential, requestsFor, useEmulator } from '../harness/emulator';

const ctx = useEmulator();

const IF_TYPE = 'harness.if';

/** IF v2's routing: `conditions` read with extractValue (n8n-workflow's executeFilter), true → output 0, false → 1. */
class If implements INodeType {
	description = {
		displayName: 'If',
		name: 'if',
		group: ['transform'],
		version: [2, 2.1, 2.2],
		description: 'Routes items by a condition',
		defaults: { name: 'If' },
		inputs: ['main'],
		outputs: ['main', 'main'],
		properties: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				type: 'filter',
				default: {},
				typeOptions: { filter: { caseSensitive: true, typeValidation: 'strict', version: 2 } },
			},
			{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
		],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const routed: INodeExecutionData[][] = [[], []];
		this.getInputData().forEach((item, itemIndex) => {
			const pass = this.getNodeParameter('conditions', itemIndex, false, { extractValue: true }) as boolean;
			routed[pass ? 0 : 1].push({ ...item, pairedItem: { item: itemIndex } });
		});
		return routed;
	}
}
registerNodeType(IF_TYPE, new If());

const example = JSON.parse(readFileSync(join(__dirname, '../../examples/approve-model-package.json'), 'utf8')) as {
	nodes: INode[];
	connections: IConnections;
};

const STAND_INS: Record<string, string> = { 'n8n-nodes-base.manualTrigger': START_TYPE, 'n8n-nodes-base.if': IF_TYPE };

test('the example approves the pending versions whose recorded accuracy is above 0.9 and rejects the others', async () => {
	const { registry } = ctx.emulator.sageMaker;
	const good = registry.registerModelPackage('churn-models', { customerMetadataProperties: { accuracy: '0.93' } });
	const weak = registry.registerModelPackage('churn-models', { customerMetadataProperties: { accuracy: '0.88' } });
	const unmeasured = registry.registerModelPackage('churn-models');
	const alreadyApproved = registry.registerModelPackage('churn-models', { approvalStatus: 'Approved', customerMetadataProperties: { accuracy: '0.95' } });
	const nodes = example.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
		.map((node) => (STAND_INS[node.type] ? { ...node, type: STAND_INS[node.type] } : node));
	expect(nodes.filter((node) => node.credentials).map((node) => node.credentials?.awsSageMakerApi?.name)).toEqual(
		Array(4).fill('AWS SageMaker (example)'),
	);

	const result = await runWorkflow({ nodes, connections: example.connections, credentials: { awsSageMakerApi: emulatorCredential(ctx.emulator) } });

	for (const node of nodes) expect(result.error(node.name)).toBeUndefined();
	expect(good).toMatchObject({
		approvalStatus: 'Approved',
		approvalDescription: 'Accuracy 0.93 is above 0.9: approved by n8n',
		customerMetadataProperties: { accuracy: '0.93', reviewedBy: 'n8n' },
	});
	expect(weak).toMatchObject({ approvalStatus: 'Rejected', approvalDescription: 'Accuracy 0.88 is not above 0.9: rejected by n8n' });
	expect(unmeasured).toMatchObject({ approvalStatus: 'Rejected', approvalDescription: 'Accuracy not recorded is not above 0.9: rejected by n8n' });
	expect(alreadyApproved).toMatchObject({ updates: 0 });
	expect(result.output('Approve').map((item) => item.json)).toEqual([
		expect.objectContaining({ modelPackageArn: good.arn, modelApprovalStatus: 'Approved' }),
	]);
	expect(result.output('Reject').map((item) => item.json.modelPackageArn).sort()).toEqual([weak.arn, unmeasured.arn].sort());
	expect(requestsFor(ctx.emulator, 'DescribeModelPackage')).toHaveLength(3);
});
