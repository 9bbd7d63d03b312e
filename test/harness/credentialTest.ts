/**
 * "Test credential" as n8n 2.40's CLI runs it for a credential with a `test` request
 * (packages/cli/src/services/credentials-tester.service.ts): a temporary n8n-nodes-base.noOp node with one
 * `temp` property routed to the test request, run by n8n-core's RoutingNode with the decrypted credential,
 * so pre-authentication (always run for a test) and authenticate happen exactly as in the editor. The
 * answer is what the editor shows: "Connection successful!", a rule's message, the HTTP status text, the
 * cause's code, or the error message — in that order, as n8n picks it.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeType,
	IRunExecutionData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import {
	HarnessCredentialsHelper,
	HarnessNodeTypes,
	harnessAdditionalData,
	registerNodeType,
} from './engine';

const NO_OP = 'n8n-nodes-base.noOp';
const TYPE = 'awsSageMakerApi';

interface TestFailure {
	message?: string;
	cause?: { code?: string; response?: { status?: number; statusText?: string } };
}

/**
 * Runs the credential's test as the editor's "Test" button does. `store` holds the saved credential under
 * its type name; what pre-authentication returns is written back into it, as n8n writes it to its database.
 */
export async function testCredential(
	store: Record<string, ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const testRequest = new AwsSageMakerApi().test;
	const nodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP,
			group: ['organization'],
			version: 1,
			description: 'No operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: TYPE, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	registerNodeType(NO_OP, nodeType);

	const credentialsHelper = new HarnessCredentialsHelper(store);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'AWS (test)',
		type: TYPE,
		data: await credentialsHelper.getDecrypted(
			{} as never,
			{ id: 'cred-1', name: 'AWS (test)' },
			TYPE,
		),
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: NO_OP,
		typeVersion: 1,
		position: [0, 0],
		credentials: { [TYPE]: { id: 'cred-1', name: 'AWS (test)' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new HarnessNodeTypes(),
	});
	const runExecutionData = { resultData: { runData: {} } } as IRunExecutionData;
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		harnessAdditionalData(credentialsHelper),
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	try {
		await new RoutingNode(context, nodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as TestFailure;
		const response = error.cause?.response;
		if (response) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return {
				status: 'Error',
				message: response.statusText || `Received HTTP status code: ${response.status}`,
			};
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
