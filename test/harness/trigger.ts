/**
 * Runs a trigger node in-process the way n8n runs an active workflow's trigger: n8n-core's
 * TriggersAndPollers calls `trigger()` on a real TriggerContext, and `emit` starts the rest of the
 * workflow on WorkflowExecute (test/harness/engine.ts) in 'trigger' mode, then settles the
 * emitted done promise with the finished run — as n8n's trigger execution context does.
 * `emitError` records the error and closes the trigger (n8n deactivates it, then retries the
 * activation later; retrying is not modelled here). `saveFailedExecution` records the error.
 *
 * The editor's "listen for test event" is n8n's own manual path: `listenForTestEvent` runs the
 * workflow in 'manual' mode from the trigger node, so n8n-core overrides emit and calls the
 * close function after the first event, as in the editor.
 */
import { Container } from '@n8n/di';
import { TriggerContext, TriggersAndPollers } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	IRun,
	ITriggerResponse,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import type { IDeferredPromise } from '@n8n/utils/promise/deferred-promise';

import { AwsSageMakerPipelinesTrigger } from '../../nodes/AwsSageMakerPipelinesTrigger/AwsSageMakerPipelinesTrigger.node';
import {
	HarnessCredentialsHelper,
	HarnessNodeTypes,
	harnessAdditionalData,
	registerNodeType,
	runWorkflow,
	type RunResult,
} from './engine';

export const TRIGGER_NODE_TYPE = 'n8n-nodes-sagemaker-pipelines.awsSageMakerPipelinesTrigger';
registerNodeType(TRIGGER_NODE_TYPE, new AwsSageMakerPipelinesTrigger());

/** Our trigger node, named "Trigger", with the test credential attached. */
export function triggerNode(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return {
		id: 'trigger',
		name: 'Trigger',
		type: TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { awsSageMakerApi: { id: 'cred-1', name: 'AWS (emulator)' } },
		...extra,
	};
}

export interface TriggerWorkflow {
	trigger: INode;
	/** the nodes after the trigger */
	nodes?: INode[];
	connections?: IConnections;
	credentials: Record<string, ICredentialDataDecryptedObject>;
}

export interface TriggeredExecution {
	/** the items the trigger emitted */
	items: INodeExecutionData[];
	/** the downstream run; its IRun also settled the trigger's done promise */
	result: Promise<RunResult>;
}

export interface ActiveTrigger {
	/** one per emit, in order */
	executions: TriggeredExecution[];
	/** what the trigger reported through emitError (n8n deactivates it) */
	errors: Error[];
	/** what the trigger reported through saveFailedExecution (the workflow stays active) */
	failedExecutions: Error[];
	/** resolves once `count` executions were started; rejects after `timeoutMs` */
	waitForExecutions(count: number, timeoutMs?: number): Promise<TriggeredExecution[]>;
	waitForError(timeoutMs?: number): Promise<Error>;
	waitForFailedExecution(timeoutMs?: number): Promise<Error>;
	/** n8n's deactivation: calls the trigger's close function (once) */
	close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 15_000;

function allNodes(definition: TriggerWorkflow): INode[] {
	return [definition.trigger, ...(definition.nodes ?? [])];
}

/** Activates the trigger as n8n does when a workflow is published; throws what activation throws. */
export async function activateTrigger(definition: TriggerWorkflow): Promise<ActiveTrigger> {
	const nodes = allNodes(definition);
	const connections = definition.connections ?? {};
	const workflow = new Workflow({
		id: 'harness-trigger',
		name: 'harness trigger',
		nodes,
		connections,
		nodeTypes: new HarnessNodeTypes(),
		active: true,
		settings: { executionOrder: 'v1' },
	});
	const additionalData = harnessAdditionalData(
		new HarnessCredentialsHelper(definition.credentials),
		undefined,
		'activation',
	);

	const executions: TriggeredExecution[] = [];
	const errors: Error[] = [];
	const failedExecutions: Error[] = [];
	const listeners = new Set<() => void>();
	const changed = () => listeners.forEach((listener) => listener());
	let response: ITriggerResponse | undefined;
	let closing: Promise<void> | undefined;
	let counter = 0;

	const close = async () => {
		closing ??= (async () => await response?.closeFunction?.())();
		await closing;
	};

	const emit = (
		data: INodeExecutionData[][],
		_response?: unknown,
		done?: IDeferredPromise<IRun>,
	) => {
		const result = runWorkflow({
			nodes,
			connections,
			credentials: definition.credentials,
			mode: 'trigger',
			startNodeName: definition.trigger.name,
			startData: data,
			executionId: `trigger-execution-${++counter}`,
		});
		result.then(
			(run) => done?.resolve(run.run),
			(error: Error) => done?.reject(error),
		);
		executions.push({ items: data[0] ?? [], result });
		changed();
	};
	const emitError = (error: Error) => {
		errors.push(error);
		changed();
		void close();
	};
	const saveFailedExecution = (error: Error) => {
		failedExecutions.push(error);
		changed();
	};

	response = await Container.get(TriggersAndPollers).runTriggerFunction(
		workflow,
		definition.trigger,
		(wf, node, data, mode, activation) =>
			new TriggerContext(wf, node, data, mode, activation, emit, emitError, saveFailedExecution),
		additionalData,
		'trigger',
		'activate',
	);

	async function waitFor<T>(
		ready: () => T | undefined,
		what: string,
		timeoutMs: number,
	): Promise<T> {
		const now = ready();
		if (now !== undefined) return now;
		return await new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				listeners.delete(check);
				// What did happen, so a timeout in a busy CI run can be told apart from a stalled trigger.
				const seen = `${executions.length} execution(s), ${failedExecutions.length} failed execution(s), errors: ${JSON.stringify(errors.map((e) => e.message))}`;
				reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (seen: ${seen})`));
			}, timeoutMs);
			function check() {
				const value = ready();
				if (value === undefined) return;
				clearTimeout(timer);
				listeners.delete(check);
				resolve(value);
			}
			listeners.add(check);
		});
	}

	return {
		executions,
		errors,
		failedExecutions,
		waitForExecutions: async (count, timeoutMs = DEFAULT_WAIT_MS) =>
			await waitFor(
				() => (executions.length >= count ? executions.slice(0, count) : undefined),
				`${count} execution(s), got ${executions.length}`,
				timeoutMs,
			),
		waitForError: async (timeoutMs = DEFAULT_WAIT_MS) =>
			await waitFor(() => errors[0], 'a trigger error', timeoutMs),
		waitForFailedExecution: async (timeoutMs = DEFAULT_WAIT_MS) =>
			await waitFor(() => failedExecutions[0], 'a failed execution', timeoutMs),
		close,
	};
}

/** The editor's "listen for test event": a manual run from the trigger; resolves when it produced its event. */
export async function listenForTestEvent(definition: TriggerWorkflow): Promise<RunResult> {
	return await runWorkflow({
		nodes: allNodes(definition),
		connections: definition.connections ?? {},
		credentials: definition.credentials,
		mode: 'manual',
		startNodeName: definition.trigger.name,
	});
}
