/**
 * The AWS SageMaker Pipelines node and its credential as a user meets them in a real n8n 2.40.7 (our packed
 * package installed in ~/.n8n/nodes) against the emulator: the example webhook workflow imported as it ships,
 * what n8n shows for a bad token and for an AWS error, the credential's Test button, and Assume Role.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorCredentialData } from '../../tools/emulator/credential';
import {
	linearWorkflow,
	REPO_ROOT,
	sendStepSuccess,
	startN8n,
	webhookTrigger,
	type Execution,
	type N8nInstance,
} from './runner';

const EXAMPLE_CREDENTIAL = { id: 'sagemakerExample1', name: 'AWS SageMaker (example)' };
const ROLE_CREDENTIAL = { id: 'assumeRoleCred01', name: 'Assume role' };
const REFUSED_ROLE_CREDENTIAL = { id: 'assumeRoleCred02', name: 'Assume role (not trusted)' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';
const UNTRUSTING_ROLE_ARN = 'arn:aws:iam::123456789012:role/not-trusting';

let emulator: Emulator;
let n8n: N8nInstance;

function credentialData(extra: Record<string, unknown> = {}) {
	return emulatorCredentialData(emulator, extra);
}

function sendSuccessOnWebhook(id: string, path: string, credential: { id: string; name: string }) {
	return linearWorkflow(id, id, [
		webhookTrigger(path),
		sendStepSuccess(credential, { callbackToken: '={{ $json.body.token }}' }),
	]);
}

/** The error n8n saved for a node, as the editor shows it: message and description. */
function nodeError(
	execution: Execution,
	nodeName: string,
): { message?: string; description?: string } {
	const runData = (
		execution as unknown as {
			data?: { resultData?: { runData?: Record<string, Array<{ error?: object }>> } };
		}
	).data?.resultData?.runData;
	return (runData?.[nodeName]?.[0]?.error ?? {}) as { message?: string; description?: string };
}

async function latestExecution(workflowId: string): Promise<Execution> {
	const [latest] = await n8n.api.listExecutions({ workflowId, limit: 1 });
	return await n8n.api.getExecution(String(latest.id));
}

beforeAll(async () => {
	emulator = await startEmulator();
	emulator.sts.addRole({ roleArn: ROLE_ARN });
	const example = JSON.parse(
		readFileSync(join(REPO_ROOT, 'examples', 'finish-callback-step-from-webhook.json'), 'utf8'),
	);
	n8n = await startN8n({
		tarball: process.env.N8N_E2E_TARBALL,
		credentials: [
			{ ...EXAMPLE_CREDENTIAL, type: 'awsSageMakerApi', data: credentialData() },
			{
				...ROLE_CREDENTIAL,
				type: 'awsSageMakerApi',
				data: credentialData({ authentication: 'assumeRole', roleArn: ROLE_ARN }),
			},
			{
				...REFUSED_ROLE_CREDENTIAL,
				type: 'awsSageMakerApi',
				data: credentialData({ authentication: 'assumeRole', roleArn: UNTRUSTING_ROLE_ARN }),
			},
		],
		workflows: [
			{ ...example, id: 'exampleWebhook01' },
			sendSuccessOnWebhook('assumeRoleFlow01', 'assume-role', ROLE_CREDENTIAL),
			sendSuccessOnWebhook('assumeRoleFlow02', 'refused-role', REFUSED_ROLE_CREDENTIAL),
		],
		activate: ['exampleWebhook01', 'assumeRoleFlow01', 'assumeRoleFlow02'],
	});
});

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
});

beforeEach(() => {
	emulator.requests.length = 0;
});

test('the example workflow, imported as it ships, finishes a step with the outputs from the webhook body', async () => {
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
		pipelineName: 'churn',
		outputParameters: { approved: 'true', reviewer: 'ana' },
	});
	expect(emulator.sageMaker.step(step.token)).toMatchObject({
		status: 'Succeeded',
		completions: 1,
		outputParameters: [
			{ Name: 'approved', Value: 'true' },
			{ Name: 'reviewer', Value: 'ana' },
		],
	});
});

test('a malformed token fails the execution with a message naming the field and the rule; nothing is sent', async () => {
	await n8n.callWebhook('sagemaker-callback', {
		token: 'not-a-token',
		approved: true,
		reviewer: 'ana',
	});
	const error = nodeError(await latestExecution('exampleWebhook01'), 'Send Step Success');
	expect(error.message).toBe(
		'Callback Token must be exactly 10 letters or digits (got 11 characters)',
	);
	expect(error.description).toMatch(/whole message body/);
	expect(emulator.requests).toHaveLength(0);
});

test('an unknown token shows AWS\'s code and what it usually means, not n8n\'s "incorrect host" text', async () => {
	await n8n.callWebhook('sagemaker-callback', {
		token: 'Unknown123',
		approved: true,
		reviewer: 'ana',
	});
	const error = nodeError(await latestExecution('exampleWebhook01'), 'Send Step Success');
	expect(error.message).toMatch(
		/^SageMaker SendPipelineExecutionStepSuccess failed: .+ \[ResourceNotFound\]$/,
	);
	expect(error.message).not.toMatch(/connection cannot be established/i);
	expect(error.description).toMatch(/already completed/);
	expect(error.description).toMatch(/Request ID: \S+/);
});

test('Test credential: good keys pass; a wrong secret fails with a message that names the key fields', async () => {
	const test = async (data: object) =>
		await n8n.api.rest<{ status: string; message: string }>('POST', '/rest/credentials/test', {
			credentials: { ...EXAMPLE_CREDENTIAL, type: 'awsSageMakerApi', data },
		});
	const good = await test(credentialData());
	expect(good.status).toBe('OK');
	expect(emulator.requests.filter((r) => r.operation === 'GetCallerIdentity')).toHaveLength(1);

	const wrongSecret = 'wrong-secret-for-the-test-button-0000';
	const bad = await test(credentialData({ secretAccessKey: wrongSecret }));
	expect(bad.status).toBe('Error');
	expect(bad.message).toMatch(/Secret Access Key/);
	expect(bad.message).not.toContain(wrongSecret);
});

test('Assume Role: one AssumeRole serves several executions; a role that does not trust the keys is named', async () => {
	for (let i = 0; i < 3; i++) {
		const step = emulator.sageMaker.createCallbackStep();
		const reply = await n8n.callWebhook('assume-role', { token: step.token });
		expect(reply.status).toBe(200);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
	}
	expect(emulator.requests.filter((r) => r.operation === 'AssumeRole')).toHaveLength(1);
	const sends = emulator.requests.filter((r) => r.operation === 'SendPipelineExecutionStepSuccess');
	expect(sends.every((r) => /Credential=ASIA/.test(String(r.headers.authorization)))).toBe(true);

	await n8n.callWebhook('refused-role', { token: emulator.sageMaker.createCallbackStep().token });
	const error = nodeError(await latestExecution('assumeRoleFlow02'), 'Send Step Success');
	expect(error.message).toMatch(/Role ARN/);
	expect(error.message).toMatch(/\[AccessDenied\]/);
});
