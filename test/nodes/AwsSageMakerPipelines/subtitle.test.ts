/**
 * The subtitle under the node on the canvas, worked out as n8n's editor does it: the node's parameters with
 * their defaults filled in, then the description's subtitle expression evaluated over them.
 */
import { NodeHelpers, Workflow, type INodeParameters } from 'n8n-workflow';

import { HarnessNodeTypes, NODE_TYPE, sageMakerNode } from '../../harness/engine';

const nodeTypes = new HarnessNodeTypes();
const { description } = nodeTypes.getByNameAndVersion(NODE_TYPE);

function canvasSubtitle(parameters: INodeParameters): unknown {
	const node = sageMakerNode(parameters);
	node.parameters = NodeHelpers.getNodeParameters(
		description.properties,
		parameters,
		true,
		false,
		node,
		description,
	)!;
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
}

test('a new node shows the default operation: Send Step Success', () => {
	expect(canvasSubtitle({})).toBe('Send Step Success');
});

test.each([
	['callbackStep', 'sendFailure', 'Send Step Failure'],
	['pipelineExecution', 'describe', 'Describe Execution'],
	['pipelineExecution', 'list', 'List Executions'],
	['modelPackage', 'describe', 'Describe Model Package'],
	['modelPackage', 'list', 'List Model Packages'],
	['modelPackage', 'updateApprovalStatus', 'Approve or Reject'],
])(
	'%s · %s shows "%s" (Describe and List are told apart by their resource)',
	(resource, operation, label) => {
		expect(canvasSubtitle({ resource, operation })).toBe(label);
	},
);

test('every operation of every resource has a subtitle of its own', () => {
	const operations = description.properties.filter((property) => property.name === 'operation');
	const shown = operations.flatMap((property) =>
		(property.options as Array<{ value: string }>).map((option) =>
			canvasSubtitle({
				resource: property.displayOptions!.show!.resource![0] as string,
				operation: option.value,
			}),
		),
	);
	expect(shown).toHaveLength(12);
	expect(new Set(shown).size).toBe(12);
});
