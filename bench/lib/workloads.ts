/**
 * The two ways of finishing callback steps that the benchmarks compare, built once here so that
 * every benchmark sends the same request: Send Step Success with one output parameter.
 *
 * - ours: Start → AWS SageMaker Pipelines in the in-process n8n engine (test/harness/engine.ts),
 *   the token and the output mapped from each item by expressions, as a user would set it up;
 * - the AWS SDK v3 client (@aws-sdk/client-sagemaker), as a script or a Lambda would call it.
 */
import { Agent } from 'node:http';

import {
	SageMakerClient,
	SendPipelineExecutionStepSuccessCommand,
} from '@aws-sdk/client-sagemaker';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	chain,
	runWorkflow,
	sageMakerNode,
	startNode,
	type RunResult,
} from '../../test/harness/engine';
import { BENCH_CREDENTIALS } from './remoteEmulator';

export interface Endpoint {
	url: string;
	region: string;
}

/** The credential a user would create for the emulator. */
export function nodeCredential(endpoint: Endpoint): ICredentialDataDecryptedObject {
	return {
		region: endpoint.region,
		accessKeyId: BENCH_CREDENTIALS.accessKeyId,
		secretAccessKey: BENCH_CREDENTIALS.secretAccessKey,
		sessionToken: '',
		customEndpoints: true,
		sageMakerEndpoint: endpoint.url,
		sqsEndpoint: endpoint.url,
		stsEndpoint: endpoint.url,
	};
}

/** Node parameters; `maxConcurrentRequests` undefined keeps the node's default (nothing set in Options). */
export function sendSuccessParameters(maxConcurrentRequests?: number) {
	return {
		resource: 'callbackStep',
		operation: 'sendSuccess',
		callbackToken: '={{ $json.token }}',
		specifyOutputs: 'keypair',
		outputParameters: { parameters: [{ name: 'approved', value: '={{ $json.approved }}' }] },
		options: maxConcurrentRequests === undefined ? {} : { maxConcurrentRequests },
	};
}

/** One execution of Start → SageMaker over one item per token. Throws when the node failed. */
export async function runNodeOver(
	endpoint: Endpoint,
	tokens: readonly string[],
	maxConcurrentRequests?: number,
): Promise<RunResult> {
	const result = await runWorkflow({
		nodes: [startNode(), sageMakerNode(sendSuccessParameters(maxConcurrentRequests))],
		connections: chain('Start', 'SageMaker'),
		credentials: { awsSageMakerApi: nodeCredential(endpoint) },
		input: tokens.map((token) => ({ token, approved: true })),
	});
	const error = result.error('SageMaker');
	if (error) throw new Error(`the node failed: ${error.message}`);
	return result;
}

/**
 * The SDK client as a script would make it, with explicit keys and endpoint (so no credential
 * chain or config files are read). `maxSockets` is raised to the concurrency asked for, or the
 * SDK's default pool of 50 sockets would cap it.
 */
export function sdkClient(endpoint: Endpoint, maxSockets = 50): SageMakerClient {
	return new SageMakerClient({
		region: endpoint.region,
		endpoint: endpoint.url,
		credentials: {
			accessKeyId: BENCH_CREDENTIALS.accessKeyId,
			secretAccessKey: BENCH_CREDENTIALS.secretAccessKey,
		},
		requestHandler: {
			httpAgent: new Agent({ keepAlive: true, maxSockets: Math.max(50, maxSockets) }),
		},
	});
}

export function sdkSendSuccess(client: SageMakerClient, token: string) {
	return client.send(
		new SendPipelineExecutionStepSuccessCommand({
			CallbackToken: token,
			OutputParameters: [{ Name: 'approved', Value: 'true' }],
		}),
	);
}

/** Runs `task` for each input with at most `limit` in flight (plain Promise workers, what a script would write). */
export async function promisePool<T>(
	inputs: readonly T[],
	limit: number,
	task: (input: T) => Promise<unknown>,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) await task(inputs[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
}
