/**
 * A signed request never leaves its endpoint. An endpoint (a custom one, or anything on the path) answering
 * 302 or 307 to another origin must get an error naming the endpoint — not the Authorization header, the
 * session token and (on 307) the body sent on to that origin, and not that origin's answer reported as a
 * finished step. The same for SQS (the trigger), STS AssumeRole with the source keys, and the credential test.
 */
import { chain, runWorkflow, sageMakerNode, startNode } from '../harness/engine';
import { activateTrigger, triggerNode } from '../harness/trigger';
import { testCredential } from '../harness/credentialTest';
import { emulatorCredential, requestsFor, useEmulator } from '../harness/emulator';
import { startRecordingOrigin } from './helpers';

const ctx = useEmulator();
let origin: Awaited<ReturnType<typeof startRecordingOrigin>>;

beforeAll(async () => {
	origin = await startRecordingOrigin();
});
beforeEach(() => {
	origin.received.length = 0;
});
afterAll(async () => await origin.close());

const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';
const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe.each([302, 307])('HTTP %i to another origin', (status) => {
	test('SageMaker: the item fails naming the endpoint, nothing reaches the other origin, the step still waits', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({
			operation: 'SendPipelineExecutionStepSuccess',
			kind: 'redirect',
			status,
			location: `${origin.url}/steal`,
		});
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: { awsSageMakerApi: emulatorCredential(emulator, { sessionToken: '' }) },
			input: [{ token: step.token }],
		});
		const error = result.error('SageMaker');
		expect(error?.message).toContain(
			`SageMaker endpoint ${emulator.url} answered with a redirect (HTTP ${status})`,
		);
		expect(error?.message).toMatch(/\[EndpointRedirect\]$/);
		expect(origin.received).toEqual([]);
		// not retried: the same endpoint would redirect again
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(1);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');
	});

	test('SQS: the trigger does not activate, nothing reaches the other origin', async () => {
		const { emulator } = ctx;
		const queueUrl = emulator.sqs.createQueue(`redirect-${status}`);
		emulator.faults.inject({
			operation: 'ReceiveMessage',
			kind: 'redirect',
			status,
			location: `${origin.url}/steal`,
		});
		await expect(
			activateTrigger({
				trigger: triggerNode({ queueUrl }),
				credentials: { awsSageMakerApi: emulatorCredential(emulator) },
			}),
		).rejects.toThrow(/SQS endpoint .* answered with a redirect/);
		expect(origin.received).toEqual([]);
	});

	test('STS AssumeRole with the source keys: refused, nothing reaches the other origin', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'redirect',
			status,
			location: `${origin.url}/steal`,
		});
		const step = emulator.sageMaker.createCallbackStep();
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: {
				awsSageMakerApi: emulatorCredential(emulator, {
					authentication: 'assumeRole',
					roleArn: ROLE_ARN,
				}),
			},
			input: [{ token: step.token }],
		});
		expect(result.error('SageMaker')?.message).toMatch(
			/Assume Role failed: the STS endpoint answered with a redirect/,
		);
		expect(origin.received).toEqual([]);
		expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
	});

	test('the credential test: fails, nothing reaches the other origin', async () => {
		const { emulator } = ctx;
		emulator.faults.inject({
			operation: 'GetCallerIdentity',
			kind: 'redirect',
			status,
			location: `${origin.url}/steal`,
		});
		const result = await testCredential({ awsSageMakerApi: emulatorCredential(emulator) });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/redirect/);
		expect(origin.received).toEqual([]);
	});
});
