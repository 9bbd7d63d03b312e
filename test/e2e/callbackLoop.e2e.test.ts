/**
 * The callback loop in a real n8n (2.40.7, our packed package installed as a user installs it) against the
 * emulator: a SageMaker callback step puts its message in SQS → the AWS SageMaker Pipelines Trigger starts the
 * workflow → AWS SageMaker Pipelines: Send Step Success with {{$json.token}} → the step is Succeeded and the
 * message is gone. Also: a failed execution leaves its message to be delivered again, expressions reach the
 * step's arguments through `stepArguments`, and deactivating the workflow stops the polling.
 */
import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorN8nCredential } from '../../tools/emulator/credential';
import {
	callbackTrigger,
	linearWorkflow,
	log,
	nodeOutput,
	sendStepSuccess,
	startN8n,
	type N8nInstance,
	type NodeSpec,
} from './runner';
import { until } from '../harness/wait';

const CREDENTIAL = { id: 'emulatorCred0001', name: 'Emulator' };

let emulator: Emulator;
let n8n: N8nInstance;
let loopQueue: string;
let failingQueue: string;

function trigger(queueUrl: string, options: Record<string, unknown> = {}): NodeSpec {
	return callbackTrigger(queueUrl, CREDENTIAL, options);
}

function sendSuccess(): NodeSpec {
	return sendStepSuccess(CREDENTIAL, {
		specifyOutputs: 'keypair',
		outputParameters: {
			parameters: [{ name: 'reviewedModel', value: '={{ $json.stepArguments.modelPackageArn }}' }],
		},
	});
}

beforeAll(async () => {
	emulator = await startEmulator();
	loopQueue = emulator.sqs.createQueue('n8n-callbacks');
	failingQueue = emulator.sqs.createQueue('n8n-callbacks-failing');
	n8n = await startN8n({
		tarball: process.env.N8N_E2E_TARBALL,
		credentials: [emulatorN8nCredential(emulator, CREDENTIAL)],
		workflows: [
			linearWorkflow('callbackLoop0001', 'Callback loop', [trigger(loopQueue), sendSuccess()]),
			linearWorkflow('callbackFail0001', 'Callback loop, failing', [
				trigger(failingQueue, { visibilityTimeout: 2 }),
				sendSuccess(),
			]),
			linearWorkflow('callbackBadQ0001', 'Callback loop, no such queue', [
				trigger(`${emulator.url}/123456789012/no-such-queue`),
				sendSuccess(),
			]),
		],
		activate: ['callbackLoop0001', 'callbackFail0001'],
	});
	// Installing the package and starting n8n takes minutes when the machine is busy.
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
});

test("a callback step's message runs the workflow, Send Step Success with {{$json.token}} finishes the step, the message is deleted", async () => {
	const sentAt = Date.now();
	const step = emulator.sageMaker.createCallbackStep({
		pipelineName: 'churn-model',
		queueUrl: loopQueue,
		arguments: {
			modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3',
		},
	});

	await until(
		() => emulator.sageMaker.step(step.token)?.status === 'Succeeded',
		'the step succeeded',
		30_000,
	);
	log(`callback loop: message sent → step Succeeded in ${Date.now() - sentAt} ms`);
	expect(emulator.sageMaker.step(step.token)?.outputParameters).toEqual([
		{
			Name: 'reviewedModel',
			Value: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3',
		},
	]);
	await until(() => emulator.sqs.stats(loopQueue).deleted === 1, 'the message is deleted', 30_000);

	const [execution] = await n8n.api.waitForExecutions('callbackLoop0001');
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'Callback Message')).toEqual([
		expect.objectContaining({
			token: step.token,
			pipelineName: 'churn-model',
			status: 'Executing',
			receiveCount: 1,
		}),
	]);
});

test('a failed execution leaves its message; SQS delivers it again and the workflow runs again', async () => {
	// A token no step waits for: Send Step Success fails with ResourceNotFound.
	emulator.sqs.sendMessage(
		failingQueue,
		JSON.stringify({
			token: 'noSuchStep',
			pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
			arguments: {},
			status: 'Executing',
		}),
	);

	const executions = await n8n.api.waitForExecutions('callbackFail0001', 2, 60_000);
	const byAge = [...executions].reverse();
	expect(byAge.map((execution) => execution.status).slice(0, 2)).toEqual(['error', 'error']);
	expect(
		byAge.slice(0, 2).map((execution) => nodeOutput(execution, 'Callback Message')[0].receiveCount),
	).toEqual([1, 2]);
	expect(emulator.sqs.stats(failingQueue).deleted).toBe(0);
	await n8n.api.publicApi('POST', '/workflows/callbackFail0001/deactivate');
});

test("a queue that does not exist fails activation with AWS's reason", async () => {
	await expect(n8n.api.activateWorkflow('callbackBadQ0001')).rejects.toThrow(
		/SQS ReceiveMessage failed: The specified queue does not exist\. \[AWS\.SimpleQueueService\.NonExistentQueue\]/,
	);
});

test("access denied while polling goes through n8n's trigger error path; n8n reactivates the trigger and no message is lost", async () => {
	emulator.faults.inject({
		operation: 'ReceiveMessage',
		kind: 'error',
		code: 'AccessDenied',
		status: 403,
		message: 'not authorized to perform: sqs:receivemessage',
	});
	const stepArguments = {
		modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/4',
	};
	const first = emulator.sageMaker.createCallbackStep({
		queueUrl: loopQueue,
		arguments: stepArguments,
	});
	await until(
		() => emulator.sageMaker.step(first.token)?.status === 'Succeeded',
		'the first step succeeded',
		30_000,
	);
	await until(
		() => n8n.logs().includes('failed at runtime and was deactivated'),
		'n8n reports the trigger error',
		30_000,
	);
	expect(n8n.logs()).toContain(
		'SQS ReceiveMessage failed: not authorized to perform: sqs:receivemessage [AccessDenied]',
	);

	const second = emulator.sageMaker.createCallbackStep({
		queueUrl: loopQueue,
		arguments: stepArguments,
	});
	await until(
		() => emulator.sageMaker.step(second.token)?.status === 'Succeeded',
		'the second step succeeded after reactivation',
		30_000,
	);
	await until(
		() => emulator.sqs.stats(loopQueue).deleted === 3,
		'every message of the loop queue is deleted',
		30_000,
	);
});

test('deactivating the workflow stops its polling', async () => {
	await n8n.api.publicApi('POST', '/workflows/callbackLoop0001/deactivate');
	const deactivatedAt = Date.now();
	await new Promise((resolve) => setTimeout(resolve, 3_000));
	const receivesSince = emulator.requests.filter(
		(r) =>
			r.operation === 'ReceiveMessage' && r.at > deactivatedAt && r.input?.QueueUrl === loopQueue,
	);
	expect(receivesSince).toHaveLength(0);
	expect(n8n.logs()).not.toMatch(/Unhandled|unhandledRejection/i);
});
