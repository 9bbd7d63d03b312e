/**
 * What a user does with this package, on one n8n version of the matrix (`npm run test:matrix`, the version from
 * N8N_VERSION; see jest.matrix.config.js): the packed package installed in ~/.n8n/nodes, the webhook example
 * imported as it ships, the callback loop (trigger → Send Step Success → step Succeeded, message deleted),
 * an Assume Role credential, a message that is not a callback message kept in the queue, and the credential's
 * Test button. One n8n start serves every test; the deeper real-n8n tests run on the default version only
 * (test/e2e/*.e2e.test.ts).
 *
 * Where n8n 1.x behaves differently the test says so and asserts what a 1.x user sees:
 * - 1.x triggers have no `saveFailedExecution`: a message that is not a callback message is a log line only,
 *   not a failed execution in the list (the message is kept either way).
 * - 1.x's NodeApiError keeps no Error `cause`, so n8n's credential tester never sees the 403 and the credential's
 *   rule naming the key fields cannot match: a refused key shows "Forbidden - perhaps check your credentials?".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../../tools/emulator';
import { emulatorN8nCredential } from '../../../tools/emulator/credential';
import {
	CALLBACK_TRIGGER_NAME,
	callbackTrigger,
	ensureN8n,
	linearWorkflow,
	log,
	n8nMajor,
	nodeOutput,
	PACKAGE_NODE_TYPES,
	REPO_ROOT,
	runToCompletion,
	childEnv,
	sendStepSuccess,
	startN8n,
	webhookTrigger,
	type N8nInstance,
	type N8nRuntime,
} from '../runner';
import { until } from '../../harness/wait';

const EXAMPLE_CREDENTIAL = { id: 'sagemakerExample1', name: 'AWS SageMaker (example)' };
const ROLE_CREDENTIAL = { id: 'assumeRoleCred01', name: 'Assume role' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';

// Set by the matrix's global setup to the exact version it installed.
const version = process.env.N8N_MATRIX_VERSION;
if (!version)
	throw new Error(
		'N8N_MATRIX_VERSION is not set: run this file through jest.matrix.config.js (npm run test:matrix)',
	);
const major = n8nMajor(version);

let runtime: N8nRuntime;
let nodeVersion: string;
let emulator: Emulator;
let n8n: N8nInstance;
let loopQueue: string;
let strayQueue: string;

beforeAll(async () => {
	runtime = await ensureN8n(version);
	nodeVersion = (
		await runToCompletion(runtime.nodeBin, ['--version'], {
			label: 'node --version',
			env: childEnv(),
		})
	).stdout.trim();
	emulator = await startEmulator();
	emulator.sts.addRole({ roleArn: ROLE_ARN });
	loopQueue = emulator.sqs.createQueue('n8n-callbacks');
	strayQueue = emulator.sqs.createQueue('n8n-callbacks-stray');
	const example = JSON.parse(
		readFileSync(join(REPO_ROOT, 'examples', 'finish-callback-step-from-webhook.json'), 'utf8'),
	);
	n8n = await startN8n({
		runtime,
		tarball: process.env.N8N_E2E_TARBALL,
		credentials: [
			emulatorN8nCredential(emulator, EXAMPLE_CREDENTIAL),
			emulatorN8nCredential(emulator, ROLE_CREDENTIAL, {
				authentication: 'assumeRole',
				roleArn: ROLE_ARN,
			}),
		],
		workflows: [
			{ ...example, id: 'exampleWebhook01' },
			linearWorkflow('assumeRoleFlow01', 'Assume role', [
				webhookTrigger('assume-role'),
				sendStepSuccess(ROLE_CREDENTIAL, { callbackToken: '={{ $json.body.token }}' }),
			]),
			linearWorkflow('callbackLoop0001', 'Callback loop', [
				callbackTrigger(loopQueue, EXAMPLE_CREDENTIAL),
				sendStepSuccess(EXAMPLE_CREDENTIAL),
			]),
			linearWorkflow('callbackStray001', 'Callback loop, stray message', [
				callbackTrigger(strayQueue, EXAMPLE_CREDENTIAL),
				sendStepSuccess(EXAMPLE_CREDENTIAL),
			]),
		],
		activate: ['exampleWebhook01', 'assumeRoleFlow01', 'callbackLoop0001', 'callbackStray001'],
	});
	log(`matrix: n8n ${runtime.version} on Node ${nodeVersion} at ${n8n.url}`);
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
});

beforeEach(() => {
	emulator.requests.length = 0;
});

describe(`n8n ${version}`, () => {
	test('runs on the Node its line needs, with the package loaded from ~/.n8n/nodes under its real type names', async () => {
		expect(nodeVersion).toMatch(major === 1 ? /^v22\./ : /^v24\./);
		expect((await n8n.runCommand(['--version'])).stdout.trim()).toBe(version);
		const known = await n8n.api.knownTypes();
		expect(known.nodes).toEqual(
			expect.arrayContaining([PACKAGE_NODE_TYPES.node, PACKAGE_NODE_TYPES.trigger]),
		);
		expect(known.credentials).toContain('awsSageMakerApi');
		expect(n8n.logs()).not.toMatch(/Unrecognized node type|Failed to load package/);
	});

	test('the webhook example, imported as it ships, finishes a step with the outputs from the webhook body', async () => {
		const step = emulator.sageMaker.createCallbackStep({ pipelineName: 'churn' });
		const reply = await n8n.callWebhook('sagemaker-callback', {
			token: step.token,
			approved: true,
			reviewer: 'ana',
		});
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({
			status: 'Succeeded',
			callbackToken: step.token,
			outputParameters: { approved: 'true', reviewer: 'ana' },
		});
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			outputParameters: [
				{ Name: 'approved', Value: 'true' },
				{ Name: 'reviewer', Value: 'ana' },
			],
		});
	});

	test('the callback loop: the trigger starts the workflow, Send Step Success finishes the step, the message is deleted', async () => {
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			queueUrl: loopQueue,
		});
		await until(
			() => emulator.sageMaker.step(step.token)?.status === 'Succeeded',
			'the step succeeded',
			60_000,
		);
		await until(
			() => emulator.sqs.stats(loopQueue).deleted === 1,
			'the message is deleted',
			60_000,
		);
		const [execution] = await n8n.api.waitForExecutions('callbackLoop0001');
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, CALLBACK_TRIGGER_NAME)).toEqual([
			expect.objectContaining({ token: step.token, pipelineName: 'churn-model', receiveCount: 1 }),
		]);
	});

	test('Assume Role: the role is assumed once and its temporary keys sign each request', async () => {
		for (let i = 0; i < 2; i++) {
			const step = emulator.sageMaker.createCallbackStep();
			const reply = await n8n.callWebhook('assume-role', { token: step.token });
			expect(reply.status).toBe(200);
			expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
		}
		expect(emulator.requests.filter((r) => r.operation === 'AssumeRole')).toHaveLength(1);
		const sends = emulator.requests.filter(
			(r) => r.operation === 'SendPipelineExecutionStepSuccess',
		);
		expect(sends).toHaveLength(2);
		expect(sends.every((r) => /Credential=ASIA/.test(String(r.headers.authorization)))).toBe(true);
	});

	test('a message that is not a callback message is reported and kept in the queue, not deleted', async () => {
		emulator.sqs.sendMessage(strayQueue, 'not a callback message');
		await until(
			() => n8n.logs().includes('is not a SageMaker callback message'),
			'n8n logs the report',
			60_000,
		);
		expect(emulator.sqs.stats(strayQueue).deleted).toBe(0);
		expect(emulator.sqs.messages(strayQueue)).toEqual([
			expect.objectContaining({ body: 'not a callback message' }),
		]);
		if (major >= 2) {
			// A failed execution in n8n's list, where the user looks.
			const [execution] = await n8n.api.waitForExecutions('callbackStray001');
			expect(execution.status).toBe('error');
			expect(execution.data?.resultData.error?.message).toMatch(
				/is not a SageMaker callback message/,
			);
		} else {
			// n8n 1.x triggers cannot save a failed execution: the log line is the whole report.
			expect(await n8n.api.listExecutions({ workflowId: 'callbackStray001' })).toEqual([]);
		}
	});

	test('Test credential: good keys pass; a wrong secret fails (2.x: with a message naming the key fields)', async () => {
		const testCredential = async (overrides: Record<string, unknown>) =>
			await n8n.api.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
				credentials: emulatorN8nCredential(emulator, EXAMPLE_CREDENTIAL, overrides),
			});
		expect(await testCredential({})).toMatchObject({ status: 'OK' });
		const wrongSecret = 'wrong-secret-for-the-test-button-0000';
		const bad = await testCredential({ secretAccessKey: wrongSecret });
		expect(bad.status).toBe('Error');
		if (major >= 2) {
			expect(bad.message).toMatch(/Secret Access Key/);
		} else {
			// 1.x's NodeApiError drops the HTTP error it wraps, so the credential's 403 rule cannot match.
			expect(bad.message).toBe('Forbidden - perhaps check your credentials?');
		}
		expect(bad.message).not.toContain(wrongSecret);
	});
});
