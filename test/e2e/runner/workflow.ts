/**
 * Small builders for the workflow JSON that tests and scripts import into n8n, so each test states only the
 * nodes it cares about. Output is n8n's export format, as `n8n import:workflow` and the editor's paste take it.
 *
 * Limits: straight chains only (each node feeds the next on output 0); build anything branched by hand.
 */
import { createHash } from 'node:crypto';

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	/** e.g. { awsSageMakerApi: { id: 'cred1', name: 'Emulator' } } */
	credentials?: Record<string, { id: string; name: string }>;
	/** Anything else n8n keeps on a node (webhookId, continueOnFail, onError, ...). */
	extra?: Record<string, unknown>;
}

export interface WorkflowJson {
	id: string;
	name: string;
	active: boolean;
	nodes: Array<Record<string, unknown>>;
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

/** How n8n names this package's nodes once it is installed: "<package>.<node name>". */
export const PACKAGE_NODE_TYPES = {
	node: 'n8n-nodes-sagemaker-pipelines.awsSageMakerPipelines',
	trigger: 'n8n-nodes-sagemaker-pipelines.awsSageMakerPipelinesTrigger',
} as const;

type CredentialRef = { id: string; name: string };

/** The trigger's name in these workflows, as the examples name it: read its output by this name. */
export const CALLBACK_TRIGGER_NAME = 'Callback Message';

/** AWS SageMaker Pipelines Trigger on `queueUrl`. */
export function callbackTrigger(
	queueUrl: string,
	credential: CredentialRef,
	options: Record<string, unknown> = {},
): NodeSpec {
	return {
		name: CALLBACK_TRIGGER_NAME,
		type: PACKAGE_NODE_TYPES.trigger,
		typeVersion: 1,
		parameters: { queueUrl, options },
		credentials: { awsSageMakerApi: credential },
	};
}

/** AWS SageMaker Pipelines: Send Step Success with the trigger's token, unless `parameters` say otherwise. */
export function sendStepSuccess(
	credential: CredentialRef,
	parameters: Record<string, unknown> = {},
): NodeSpec {
	return {
		name: 'Send Step Success',
		type: PACKAGE_NODE_TYPES.node,
		typeVersion: 1,
		parameters: {
			resource: 'callbackStep',
			operation: 'sendSuccess',
			callbackToken: '={{ $json.token }}',
			...parameters,
		},
		credentials: { awsSageMakerApi: credential },
	};
}

/** A workflow whose nodes run one after the other, laid out left to right. */
export function linearWorkflow(id: string, name: string, nodes: NodeSpec[]): WorkflowJson {
	const connections: WorkflowJson['connections'] = {};
	nodes.forEach((node, index) => {
		const next = nodes[index + 1];
		if (next) connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	return {
		id,
		name,
		active: false,
		nodes: nodes.map((node, index) => ({
			id: `${id}-${index}`,
			name: node.name,
			type: node.type,
			typeVersion: node.typeVersion,
			position: [index * 220, 0],
			parameters: node.parameters,
			...(node.credentials ? { credentials: node.credentials } : {}),
			...node.extra,
		})),
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A production webhook on POST /webhook/<path>. By default it answers with the last node's first item once the
 * workflow has finished, so a test reads the result straight from the HTTP reply.
 */
export function webhookTrigger(
	path: string,
	responseMode: 'lastNode' | 'onReceived' = 'lastNode',
): NodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		parameters: { httpMethod: 'POST', path, responseMode, options: {} },
		// n8n keys production webhooks by this id; a stable one per path keeps re-imports idempotent.
		extra: { webhookId: stableUuid(path) },
	};
}

/** Manual Trigger: what `n8n execute --id` starts from. */
export function manualTrigger(): NodeSpec {
	return { name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/** A Set node (v3.4) assigning string fields; values may be n8n expressions ("={{ ... }}"). */
export function setFields(name: string, fields: Record<string, string>): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: Object.entries(fields).map(([field, value], index) => ({
					id: `${name}-${index}`,
					name: field,
					type: 'string',
					value,
				})),
			},
			options: {},
		},
	};
}

function stableUuid(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
