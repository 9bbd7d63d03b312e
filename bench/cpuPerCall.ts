/**
 * 2. CPU per call: how much of this process's CPU (user + system, `process.cpuUsage`) one Send
 * Step Success costs, our code vs the AWS SDK v3 client, calls made one after another against a
 * zero-latency emulator that runs in a child process (so its CPU is not counted).
 *
 * Cases, run interleaved, each the median of several runs:
 * - on the wire: our operation code (`sendSuccess.execute`: validation, derived ClientRequestToken,
 *   serialize, sign through the credential's authenticate, parse, output) over plain node:http
 *   with a keep-alive agent, vs `client.send()` of the SDK with its own node:http handler and a
 *   keep-alive agent. This is the comparison the target is about: the same work on the same HTTP
 *   primitive, only the libraries differ.
 * - no I/O: the same two with a canned HTTP answer instead of a socket, so only the libraries'
 *   own work is left (sign, serialize, parse, middleware).
 * - in n8n: our node in the in-process n8n engine, per item, all included (engine, expressions,
 *   n8n's axios request helper, a new TCP connection per request): what n8n really spends.
 *
 * The n8n context our operation runs in here is a plain object answering getNodeParameter; the
 * request path (createAwsClient → client.call → credential authenticate → sigv4) is the real one.
 */
import { Agent, request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { AwsSageMakerApi } from '../credentials/AwsSageMakerApi.credentials';
import * as sendSuccess from '../nodes/AwsSageMakerPipelines/actions/callbackStep/sendSuccess.operation';
import {
	createAwsClient,
	type AwsCaller,
	type AwsClient,
} from '../nodes/shared/transport/awsRequest';
import { NODE_TYPE } from '../test/harness/engine';
import { startRemoteEmulator, type RemoteEmulator } from './lib/remoteEmulator';
import { fixed, median, spread } from './lib/stats';
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';
import {
	nodeCredential,
	runNodeOver,
	sdkClient,
	sdkSendSuccess,
	type Endpoint,
} from './lib/workloads';

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: string;
}

type Send = (request: IHttpRequestOptions) => Promise<FullResponse>;

const CANNED_BODY = JSON.stringify({
	PipelineExecutionArn:
		'arn:aws:sagemaker:us-east-1:123456789012:pipeline/bench-0/execution/0123456789ab',
});
const CANNED_HEADERS = {
	'content-type': 'application/x-amz-json-1.1',
	'content-length': String(Buffer.byteLength(CANNED_BODY)),
	'x-amzn-requestid': '00000000-0000-4000-8000-000000000000',
};

/** What axios does after n8n's authenticate: send the signed request, Content-Length from the same bytes. */
function sendOverHttp(agent: Agent): Send {
	return (options) =>
		new Promise((resolve, reject) => {
			const body = String(options.body ?? '');
			const headers = {
				...(options.headers as Record<string, string>),
				'Content-Length': String(Buffer.byteLength(body)),
			};
			const outgoing = httpRequest(
				options.url,
				{ method: options.method, headers, agent },
				(response) => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () =>
						resolve({
							statusCode: response.statusCode ?? 0,
							headers: response.headers,
							body: Buffer.concat(chunks).toString('utf8'),
						}),
					);
					response.on('error', reject);
				},
			);
			outgoing.on('error', reject);
			outgoing.end(body);
		});
}

const sendCanned: Send = async () => ({
	statusCode: 200,
	headers: { ...CANNED_HEADERS },
	body: CANNED_BODY,
});

/**
 * The smallest n8n context our operation needs: parameters of one Send Step Success per item, and
 * httpRequestWithAuthentication that signs with the credential type's own authenticate, as n8n does.
 */
function benchContext(
	endpoint: Endpoint,
	tokens: readonly string[],
	send: Send,
): AwsCaller & Pick<IExecuteFunctions, 'getNodeParameter'> {
	const credentialType = new AwsSageMakerApi();
	const credential = nodeCredential(endpoint);
	const node: INode = {
		id: 'bench',
		name: 'SageMaker',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { awsSageMakerApi: { id: 'bench', name: 'bench' } },
	};
	const parameters = (itemIndex: number): IDataObject => ({
		callbackToken: tokens[itemIndex],
		specifyOutputs: 'keypair',
		'outputParameters.parameters': [{ name: 'approved', value: 'true' }],
		options: {},
	});
	return {
		getNode: () => node,
		getCredentials: async <T extends object>() => credential as T,
		getNodeParameter: ((name: string, itemIndex: number, fallback?: unknown) =>
			parameters(itemIndex)[name] ?? fallback) as IExecuteFunctions['getNodeParameter'],
		helpers: {
			httpRequestWithAuthentication: (async (_type: string, options: IHttpRequestOptions) =>
				await send(
					await credentialType.authenticate(credential, options),
				)) as unknown as AwsCaller['helpers']['httpRequestWithAuthentication'],
		},
	};
}

async function oursSequential(
	endpoint: Endpoint,
	tokens: readonly string[],
	send: Send,
): Promise<void> {
	const context = benchContext(endpoint, tokens, send);
	const client: AwsClient = await createAwsClient(context);
	// Each item's own parameters, read through the context as n8n would for a per-item expression.
	const parameters = {
		get: (name: string, itemIndex: number, fallback?: unknown) =>
			context.getNodeParameter(name, itemIndex, fallback),
	};
	for (let index = 0; index < tokens.length; index++) {
		await sendSuccess.execute.call(
			context as unknown as IExecuteFunctions,
			index,
			client,
			parameters,
		);
	}
}

async function sdkSequential(client: SageMakerClient, tokens: readonly string[]): Promise<void> {
	for (const token of tokens) await sdkSendSuccess(client, token);
}

/** The SDK with a request handler that answers at once: its own work only. */
function cannedSdkClient(endpoint: Endpoint): SageMakerClient {
	const client = sdkClient(endpoint);
	client.config.requestHandler = {
		handle: async () => ({
			response: {
				statusCode: 200,
				headers: { ...CANNED_HEADERS },
				body: Readable.from([Buffer.from(CANNED_BODY)]),
			},
		}),
	} as unknown as typeof client.config.requestHandler;
	return client;
}

interface Case {
	key: string;
	label: string;
	group: 'wire' | 'no I/O' | 'n8n';
	/** runs `count` calls on fresh tokens; returns nothing, CPU is measured around it */
	work(tokens: string[]): Promise<void>;
	samples: number[];
}

async function cpuPerCallOf(
	emulator: RemoteEmulator,
	count: number,
	work: (tokens: string[]) => Promise<void>,
) {
	await emulator.reset();
	const tokens = await emulator.createCallbackSteps(count);
	const emulatorBefore = await emulator.cpuUsage();
	const before = process.cpuUsage();
	await work(tokens);
	const used = process.cpuUsage(before);
	const emulatorAfter = await emulator.cpuUsage();
	return {
		us: (used.user + used.system) / count,
		emulatorUs:
			(emulatorAfter.user - emulatorBefore.user + emulatorAfter.system - emulatorBefore.system) /
			count,
	};
}

export const cpuPerCall: Benchmark = {
	id: 'cpuPerCall',
	title: 'CPU per call: our sign + serialize + parse vs the AWS SDK client',
	async run(context: BenchContext): Promise<BenchmarkResult> {
		const calls = context.quick ? 300 : 2000;
		const runs = Math.max(context.quick ? 1 : 5, context.runs);
		const emulator = await startRemoteEmulator(0);
		const agent = new Agent({ keepAlive: true, maxSockets: 1 });
		const wireSdk = sdkClient(emulator);
		const cannedSdk = cannedSdkClient(emulator);
		const emulatorUs: Record<string, number[]> = {};
		const cases: Case[] = [
			{
				key: 'sdk-wire',
				group: 'wire',
				label: 'AWS SDK client.send()',
				work: (t) => sdkSequential(wireSdk, t),
				samples: [],
			},
			{
				key: 'ours-wire',
				group: 'wire',
				label: 'our operation + request path',
				work: (t) => oursSequential(emulator, t, sendOverHttp(agent)),
				samples: [],
			},
			{
				key: 'sdk-canned',
				group: 'no I/O',
				label: 'AWS SDK client.send()',
				work: (t) => sdkSequential(cannedSdk, t),
				samples: [],
			},
			{
				key: 'ours-canned',
				group: 'no I/O',
				label: 'our operation + request path',
				work: (t) => oursSequential(emulator, t, sendCanned),
				samples: [],
			},
			{
				key: 'ours-n8n',
				group: 'n8n',
				label: 'our node in the n8n engine, per item',
				work: async (t) => void (await runNodeOver(emulator, t)),
				samples: [],
			},
		];
		try {
			for (const entry of cases) await cpuPerCallOf(emulator, 200, entry.work); // warm-up
			for (let run = 1; run <= runs; run++) {
				for (const entry of cases) {
					context.log(`cpuPerCall: run ${run}/${runs}, ${entry.key}`);
					const measured = await cpuPerCallOf(emulator, calls, entry.work);
					entry.samples.push(measured.us);
					(emulatorUs[entry.key] ??= []).push(measured.emulatorUs);
				}
			}
		} finally {
			wireSdk.destroy();
			agent.destroy();
			await emulator.close();
		}

		const byKey = (key: string) => median(cases.find((c) => c.key === key)!.samples);
		const sdkWire = byKey('sdk-wire');
		const rows = cases.map((entry) => {
			const sdk = entry.group === 'no I/O' ? byKey('sdk-canned') : sdkWire;
			const us = median(entry.samples);
			return [
				entry.group,
				entry.label,
				spread(entry.samples, fixed(0)),
				entry.key.startsWith('sdk') ? '1.00×' : `${fixed(2)(us / sdk)}×`,
			];
		});
		const wireRatio = byKey('ours-wire') / sdkWire;
		const cannedRatio = byKey('ours-canned') / byKey('sdk-canned');
		return {
			id: this.id,
			title: this.title,
			settings: {
				callsPerRun: calls,
				runs,
				latencyMs: 0,
				emulator: 'child process',
				sequential: true,
			},
			table: {
				columns: ['where', 'what', 'CPU µs per call, median (min–max)', 'vs the SDK'],
				rows,
			},
			checks: [
				{
					target: 'our sign + serialize + parse not worse than the SDK (CPU per call on the wire)',
					measured: `${fixed(0)(byKey('ours-wire'))} µs vs ${fixed(0)(sdkWire)} µs (${fixed(2)(wireRatio)}×; without I/O ${fixed(2)(cannedRatio)}×)`,
					met: wireRatio <= 1,
				},
			],
			notes: [
				`${calls} calls one after another per run, median of ${runs} runs; user + system CPU of this process only.`,
				`The emulator process spent ${fixed(0)(median(emulatorUs['sdk-wire']))} µs (SDK calls) and ${fixed(0)(median(emulatorUs['ours-wire']))} µs (ours) per call of its own, not counted.`,
				'"in n8n" is compared with the SDK on the wire: it adds the n8n engine, expression evaluation and n8n\'s axios helper, which opens a new connection per request.',
			],
			data: {
				...Object.fromEntries(
					cases.map((entry) => [entry.key, { group: entry.group, usPerCall: entry.samples }]),
				),
				emulatorUsPerCall: emulatorUs,
			},
		};
	},
};
