/**
 * Runs real workflows in-process on n8n-core's WorkflowExecute: the same engine, parameter and
 * expression resolution, credential authenticate hook and httpRequestWithAuthentication path
 * that n8n uses, without a database or a server. n8n's own NodeTestHarness is not published,
 * so this is the small version: a node-type registry, a credentials helper that keeps
 * credentials in memory (and counts reads), and a run that returns every node's output.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IConnections,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import { AwsSageMakerPipelines } from '../../nodes/AwsSageMakerPipelines/AwsSageMakerPipelines.node';

export const NODE_TYPE = 'n8n-nodes-sagemaker-pipelines.awsSageMakerPipelines';
export const START_TYPE = 'harness.start';

/** Stands in for n8n's Manual Trigger: passes on the items the run starts with. */
class Start implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Starts the run with the given items',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const nodeTypeRegistry: Record<string, INodeType> = {
	[START_TYPE]: new Start(),
	[NODE_TYPE]: new AwsSageMakerPipelines(),
};

export function registerNodeType(name: string, type: INodeType): void {
	nodeTypeRegistry[name] = type;
}

const credentialTypes: Record<string, ICredentialType> = { awsSageMakerApi: new AwsSageMakerApi() };

export class HarnessNodeTypes implements INodeTypes {
	getByName(name: string): INodeType | IVersionedNodeType {
		return this.get(name);
	}

	getByNameAndVersion(name: string): INodeType {
		return this.get(name);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries(
			Object.keys(nodeTypeRegistry).map((name) => [name, { className: name, sourcePath: '' }]),
		);
	}

	private get(name: string): INodeType {
		const type = nodeTypeRegistry[name];
		if (!type) throw new Error(`Unknown node type ${name}`);
		return type;
	}
}

/** Keeps credentials in memory, as n8n's CredentialsHelper keeps them in its database. */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	reads = 0;

	constructor(private readonly credentials: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate !== 'function') return requestOptions;
		return await authenticate(credentials, requestOptions);
	}

	/**
	 * As n8n 2.40's CLI CredentialsHelper.preAuthentication: only a hidden expirable field counts; it runs
	 * when that field is '' (n8n fills defaults first, so unset becomes ''), when the request said the
	 * credential expired, or for a credential test; the hook gets nothing but helpers.httpRequest; its output
	 * is stored and merged into the caller's object only when it sets the expirable field.
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const testing = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !testing) return undefined;
		const output = await this.runPreAuthentication(helpers, credentials, typeName);
		if (output?.[expirable.name] === undefined || !node.credentials) return undefined;
		// n8n writes it to the database; here, into the map the test passed in, which later runs read.
		this.credentials[typeName] = { ...this.credentials[typeName], ...output };
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		if (typeof type?.preAuthentication !== 'function') return undefined;
		const restricted: IHttpRequestHelper = {
			helpers: { httpRequest: helpers.helpers.httpRequest },
		};
		return (
			((await type.preAuthentication.call(
				restricted,
				credentials,
			)) as ICredentialDataDecryptedObject) ?? undefined
		);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the harness');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const data = this.credentials[type];
		if (!data) throw new Error(`No credentials of type ${type} in this test`);
		// A fresh copy per read, as decrypting from the database gives, with n8n's defaults applied: unset
		// fields get their default, fields their displayOptions hide are dropped (applyDefaultsAndOverwrites).
		return NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			structuredClone(data) as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}
}

export interface RunOptions {
	nodes: INode[];
	connections: IConnections;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** items the Start node passes on */
	input?: IDataObject[];
	mode?: WorkflowExecuteMode;
	/** start at this node with this output instead (a trigger's emitted data, as n8n's runWorkflow does) */
	startNodeName?: string;
	startData?: INodeExecutionData[][];
	/** distinct ids for runs that overlap (trigger executions) */
	executionId?: string;
}

export interface RunResult {
	run: IRun;
	credentialReads: number;
	/** the items a node put out on its first output (first run) */
	output(nodeName: string): INodeExecutionData[];
	/** the error a node failed with, if any */
	error(nodeName: string): (Error & { description?: string; context?: IDataObject }) | undefined;
}

let nodeCounter = 0;

/** A node of ours, positioned and named, with the test credential attached. */
export function sageMakerNode(parameters: INode['parameters'], extra: Partial<INode> = {}): INode {
	return {
		id: `node-${++nodeCounter}`,
		name: 'SageMaker',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { awsSageMakerApi: { id: 'cred-1', name: 'AWS (emulator)' } },
		...extra,
	};
}

export function startNode(): INode {
	return {
		id: 'start',
		name: 'Start',
		type: START_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** What WorkflowExecute and node contexts need from n8n around them, without a server or database. */
export function harnessAdditionalData(
	credentialsHelper: ICredentialsHelper,
	hooks?: ExecutionLifecycleHooks,
	executionId = 'execution-1',
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper,
		hooks,
		executionId,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used by these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runWorkflow(options: RunOptions): Promise<RunResult> {
	const nodeTypes = new HarnessNodeTypes();
	const workflow = new Workflow({
		id: 'harness',
		name: 'harness',
		nodes: options.nodes,
		connections: options.connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const credentialsHelper = new HarnessCredentialsHelper(options.credentials ?? {});
	const executionId = options.executionId ?? 'execution-1';
	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', executionId, {
		id: 'harness',
		name: 'harness',
		nodes: options.nodes,
		connections: options.connections,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	const finished = new Promise<IRun>((resolve) =>
		hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)),
	);

	const additionalData = harnessAdditionalData(credentialsHelper, hooks, executionId);

	const start = options.startNodeName
		? workflow.getNode(options.startNodeName)
		: (options.nodes.find((node) => node.type === START_TYPE) ?? workflow.getStartNode());
	if (!start) throw new Error('The workflow has no start node');
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{
					node: start,
					data: { main: options.startData ?? [(options.input ?? [{}]).map((json) => ({ json }))] },
					source: null,
				} as IExecuteData,
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	} as IRunExecutionData;

	const execute = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await finished;
	const runData = run.data.resultData.runData;
	return {
		run,
		credentialReads: credentialsHelper.reads,
		output: (name) => runData[name]?.[0]?.data?.main?.[0] ?? [],
		error: (name) =>
			runData[name]?.[0]?.error as RunResult['error'] extends (n: string) => infer E ? E : never,
	};
}
