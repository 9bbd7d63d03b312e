/**
 * The model approval example in a real n8n 2.40.7 (our packed package in ~/.n8n/nodes, n8n's own IF node)
 * against the emulator's model registry: the workflow as it ships, with its Manual Trigger swapped for a
 * production webhook so the test can start it, lists the pending versions, describes them, approves the one
 * whose recorded accuracy is above 0.9 and rejects the other. The trigger's Queue URL, now a resource locator,
 * is read from a workflow saved with the plain URL string older versions stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorCredentialData } from '../../tools/emulator/credential';
import {
	CALLBACK_TRIGGER_NAME,
	callbackTrigger,
	linearWorkflow,
	nodeOutput,
	REPO_ROOT,
	sendStepSuccess,
	startN8n,
	webhookTrigger,
	type N8nInstance,
} from './runner';

const EXAMPLE_CREDENTIAL = { id: 'sagemakerExample1', name: 'AWS SageMaker (example)' };

let emulator: Emulator;
let n8n: N8nInstance;
let queueUrl: string;

/** The example as it ships, started by a webhook instead of by hand (the only change). */
function exampleOnWebhook() {
	const example = JSON.parse(
		readFileSync(join(REPO_ROOT, 'examples', 'approve-model-package.json'), 'utf8'),
	);
	const manual = example.nodes.find(
		(node: { type: string }) => node.type === 'n8n-nodes-base.manualTrigger',
	);
	const webhook = webhookTrigger('review-models', 'onReceived');
	const nodes = example.nodes.map((node: { type: string; position: unknown }) =>
		node === manual
			? {
					...node,
					type: webhook.type,
					typeVersion: webhook.typeVersion,
					parameters: webhook.parameters,
					...webhook.extra,
				}
			: node,
	);
	return { ...example, id: 'approveModels001', active: false, nodes };
}

beforeAll(async () => {
	emulator = await startEmulator();
	queueUrl = emulator.sqs.createQueue('legacy-queue-url');
	n8n = await startN8n({
		tarball: process.env.N8N_E2E_TARBALL,
		credentials: [
			{ ...EXAMPLE_CREDENTIAL, type: 'awsSageMakerApi', data: emulatorCredentialData(emulator) },
		],
		workflows: [
			exampleOnWebhook(),
			// Saved while Queue URL was a text field: the parameter holds the URL itself.
			linearWorkflow('legacyQueueUrl01', 'Legacy queue URL', [
				callbackTrigger(queueUrl, EXAMPLE_CREDENTIAL),
				sendStepSuccess(EXAMPLE_CREDENTIAL),
			]),
		],
		activate: ['approveModels001', 'legacyQueueUrl01'],
	});
});

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
});

test('the example approves the version whose accuracy is above 0.9 and rejects the other', async () => {
	const { registry } = emulator.sageMaker;
	const good = registry.registerModelPackage('churn-models', {
		customerMetadataProperties: { accuracy: '0.94' },
	});
	const weak = registry.registerModelPackage('churn-models', {
		customerMetadataProperties: { accuracy: '0.71' },
	});
	const reply = await n8n.callWebhook('review-models', {});
	expect(reply.status).toBe(200);
	const [execution] = await n8n.api.waitForExecutions('approveModels001');
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'Approve')).toEqual([
		expect.objectContaining({ modelPackageArn: good.arn, modelApprovalStatus: 'Approved' }),
	]);
	expect(nodeOutput(execution, 'Reject')).toEqual([
		expect.objectContaining({ modelPackageArn: weak.arn, modelApprovalStatus: 'Rejected' }),
	]);
	expect(good).toMatchObject({
		approvalStatus: 'Approved',
		approvalDescription: 'Accuracy 0.94 is above 0.9: approved by n8n',
		updates: 1,
	});
	expect(weak).toMatchObject({
		approvalStatus: 'Rejected',
		approvalDescription: 'Accuracy 0.71 is not above 0.9: rejected by n8n',
		updates: 1,
	});
});

test('a trigger saved with a plain Queue URL string still activates and receives', async () => {
	const step = emulator.sageMaker.createCallbackStep({ queueUrl });
	const [execution] = await n8n.api.waitForExecutions('legacyQueueUrl01');
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, CALLBACK_TRIGGER_NAME)[0]).toMatchObject({ token: step.token });
	expect(emulator.sageMaker.step(step.token)).toMatchObject({
		status: 'Succeeded',
		completions: 1,
	});
});
