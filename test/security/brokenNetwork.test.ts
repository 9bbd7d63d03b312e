/**
 * Broken networks and broken endpoints, classified like the AWS SDK's standard retry mode: a connection cut
 * in the middle of a 200 answer, a cut-off or non-JSON body, an HTML 502 page (with a character reference no
 * decoder may throw on) are transient — retried with the same idempotency token, the step finished once —
 * and the trigger never stops polling over them. Each attempt has a deadline for the whole answer: a server
 * that drips one byte a second does not hold a request beyond it.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { createAwsClient } from '../../nodes/shared/transport/awsRequest';
import type { FaultSpec } from '../../tools/emulator';
import { chain, registerNodeType, runWorkflow, startNode } from '../harness/engine';
import { activateTrigger, triggerNode } from '../harness/trigger';
import { emulatorCredential, requestsFor, runNode, useEmulator } from '../harness/emulator';

const ctx = useEmulator();

const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};
const HTML_502 =
	'<html><head><title>502 Bad Gateway</title></head><body><Message>Bad gateway &#99999999; &#x110000;</Message></body></html>';

describe('transient faults are retried with the same Client Request Token; the step is finished once', () => {
	test.each([
		[
			'the connection cut in the middle of the 200 answer (after the step finished)',
			{ kind: 'dropMidAnswer' as const },
		],
		[
			'a 200 whose JSON is cut off',
			{ kind: 'garbage' as const, body: '{"PipelineExecutionArn":"arn:aws:sagem' },
		],
		[
			'a 200 whose body is an HTML page',
			{ kind: 'garbage' as const, body: '<html>OK</html>', contentType: 'text/html' },
		],
		[
			'an HTML 502 page with an odd character reference',
			{ kind: 'garbage' as const, status: 502, body: HTML_502, contentType: 'text/html' },
		],
	])('%s', async (_name, fault) => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({ operation: 'SendPipelineExecutionStepSuccess', times: 2, ...fault });
		const result = await runNode(emulator, success, [{ token: step.token }]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json).toMatchObject({
			status: 'Succeeded',
			callbackToken: step.token,
		});
		const attempts = requestsFor(emulator, 'SendPipelineExecutionStepSuccess');
		expect(attempts).toHaveLength(3);
		expect(new Set(attempts.map((attempt) => attempt.clientRequestToken)).size).toBe(1);
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
		});
	});

	test('when it persists, the error says what came back and how often it was tried', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({
			operation: 'SendPipelineExecutionStepSuccess',
			times: 3,
			kind: 'garbage',
			body: '{"Pipeline',
		});
		const result = await runNode(emulator, success, [{ token: step.token }]);
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(/not complete JSON .*\[InvalidResponse\]$/);
		expect(error?.description).toMatch(/tried 3 times/);
	});
});

describe('the trigger never stops polling on a transient fault', () => {
	test.each<[string, FaultSpec]>([
		[
			'garbage answers',
			{ kind: 'garbage', body: '<html>gateway</html>', contentType: 'text/html' },
		],
		['answers cut off mid-body', { kind: 'dropMidAnswer' }],
		['HTML 502 pages', { kind: 'garbage', status: 502, body: HTML_502, contentType: 'text/html' }],
	])(
		'%s on every attempt of a receive: polling goes on and the next message runs',
		async (_name, fault) => {
			const { emulator } = ctx;
			const queueUrl = emulator.sqs.createQueue(`transient-${fault.kind}-${fault.status ?? 200}`);
			// A receive whose answer is lost took its message: it comes back after the (short) visibility timeout.
			const trigger = await activateTrigger({
				trigger: triggerNode({ queueUrl, options: { visibilityTimeout: 2 } }),
				credentials: { awsSageMakerApi: emulatorCredential(emulator) },
			});
			try {
				// every attempt the transport makes for one receive, so the poll loop sees the failure itself
				emulator.faults.inject({ operation: 'ReceiveMessage', times: 3, ...fault });
				const step = emulator.sageMaker.createCallbackStep({ queueUrl });
				const [execution] = await trigger.waitForExecutions(1, 30_000);
				expect(execution.items[0].json.token).toBe(step.token);
				expect(trigger.errors).toEqual([]);
			} finally {
				await trigger.close();
			}
		},
	);
});

/** A test node that makes one SageMaker call through the package's transport with a short deadline. */
const PROBE_TYPE = 'harness.transportProbe';
class TransportProbe implements INodeType {
	description = {
		displayName: 'Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'One call through the transport',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'awsSageMakerApi', required: true }],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const client = await createAwsClient(this);
		const { output } = await client.call({
			service: 'sagemaker',
			operation: 'ListPipelines',
			input: {},
			timeoutMs: 1000,
		});
		return [[{ json: output as never }]];
	}
}
registerNodeType(PROBE_TYPE, new TransportProbe());

describe('a whole-answer deadline per attempt', () => {
	test('a server dripping one byte a second is cut off at the deadline, each attempt, then reported', async () => {
		const { emulator } = ctx;
		emulator.faults.inject({ operation: 'ListPipelines', kind: 'drip', ms: 200, times: 3 });
		const started = Date.now();
		const result = await runWorkflow({
			nodes: [
				startNode(),
				{
					id: 'probe',
					name: 'Probe',
					type: PROBE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
					credentials: { awsSageMakerApi: { id: 'cred-1', name: 'AWS' } },
				},
			],
			connections: chain('Start', 'Probe'),
			credentials: { awsSageMakerApi: emulatorCredential(emulator) },
		});
		const elapsed = Date.now() - started;
		expect(result.error('Probe')?.message).toMatch(/no complete answer within 1 s/);
		expect(requestsFor(emulator, 'ListPipelines')).toHaveLength(3);
		// 3 attempts of 1 s plus backoff; the drip alone would go on for ever
		expect(elapsed).toBeLessThan(15_000);
	});

	test('after a drip that ran out, the next attempt gets the answer', async () => {
		const { emulator } = ctx;
		emulator.faults.inject({ operation: 'ListPipelines', kind: 'drip', ms: 200, times: 1 });
		const result = await runWorkflow({
			nodes: [
				startNode(),
				{
					id: 'probe',
					name: 'Probe',
					type: PROBE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
					credentials: { awsSageMakerApi: { id: 'cred-1', name: 'AWS' } },
				},
			],
			connections: chain('Start', 'Probe'),
			credentials: { awsSageMakerApi: emulatorCredential(emulator) },
		});
		expect(result.error('Probe')).toBeUndefined();
		expect(result.output('Probe')[0].json).toHaveProperty('PipelineSummaries');
	});
});
