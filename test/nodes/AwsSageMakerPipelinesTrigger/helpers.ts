/**
 * Scaffolding for the trigger's engine tests: a downstream "Gate" node whose runs pass, fail or
 * hold until the test lets them go (to make executions succeed, fail or run long), and the
 * trigger workflows the tests activate against the emulator.
 */
import type {
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Emulator } from '../../../tools/emulator';
import { chain, registerNodeType, sageMakerNode } from '../../harness/engine';
import { triggerNode, type TriggerWorkflow } from '../../harness/trigger';
import { emulatorCredential } from '../../harness/emulator';

export const GATE_TYPE = 'harness.gate';

const held: Array<() => void> = [];

/** Lets every held Gate run finish. */
export function releaseGates(): void {
	for (const release of held.splice(0)) release();
}

export function heldGates(): number {
	return held.length;
}

class Gate implements INodeType {
	description = {
		displayName: 'Gate',
		name: 'gate',
		group: ['transform'],
		version: 1,
		description: 'Passes, fails or holds the run',
		defaults: { name: 'Gate' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Behaviour', name: 'behaviour', type: 'string', default: 'pass' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const behaviour = this.getNodeParameter('behaviour', 0) as string;
		if (behaviour === 'fail')
			throw new NodeOperationError(this.getNode(), 'The workflow failed on purpose');
		if (behaviour === 'hold') await new Promise<void>((resolve) => held.push(resolve));
		return [this.getInputData()];
	}
}
registerNodeType(GATE_TYPE, new Gate());

let queues = 0;

/**
 * A queue of its own for each test. A trigger closed while n8n's request helper was still setting up its next
 * long poll can send that poll anyway (axios sends a request whose abort signal fired before it listened for
 * it), and the poll would take the next test's messages from a queue of the same name.
 */
export function newQueue(
	emulator: Emulator,
	options?: Parameters<Emulator['sqs']['createQueue']>[1],
): string {
	return emulator.sqs.createQueue(`callbacks-${++queues}`, options);
}

export function gateNode(behaviour: 'pass' | 'fail' | 'hold'): INode {
	return {
		id: 'gate',
		name: 'Gate',
		type: GATE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters: { behaviour },
	};
}

/** Trigger → Gate, on the emulator's queue. */
export function gatedWorkflow(
	emulator: Emulator,
	queueUrl: string,
	behaviour: 'pass' | 'fail' | 'hold',
	options: INodeParameters = {},
): TriggerWorkflow {
	return {
		trigger: triggerNode({ queueUrl, options }),
		nodes: [gateNode(behaviour)],
		connections: chain('Trigger', 'Gate'),
		credentials: { awsSageMakerApi: emulatorCredential(emulator) },
	};
}

/** Trigger → AWS SageMaker Pipelines: Send Step Success with the message's token. */
export function callbackLoopWorkflow(
	emulator: Emulator,
	queueUrl: string,
	options: INodeParameters = {},
): TriggerWorkflow {
	return {
		trigger: triggerNode({ queueUrl, options }),
		nodes: [
			sageMakerNode({
				resource: 'callbackStep',
				operation: 'sendSuccess',
				callbackToken: '={{ $json.token }}',
			}),
		],
		connections: chain('Trigger', 'SageMaker'),
		credentials: { awsSageMakerApi: emulatorCredential(emulator) },
	};
}
