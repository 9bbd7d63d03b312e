/**
 * The README's recipes — examples/human-approval-of-callback-step.json, stale-callback-reaper.json and
 * pipeline-failure-alert.json — imported into a real n8n (2.40.7, our packed package installed as a user
 * installs it) and run end to end against the emulator. A local HTTP server on 127.0.0.1 stands in for Slack:
 * it receives the approval requests (with the Wait node's signed resume URL, which the test answers as the
 * person would) and the alerts.
 *
 * Only what points outside changes in the imported JSON: queue URLs and the Slack webhook URL. The credential
 * is imported under the id and name the examples carry.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorN8nCredential } from '../../tools/emulator/credential';
import { log, nodeOutput, REPO_ROOT, startN8n, type N8nInstance } from './runner';
import { until } from '../harness/wait';

const EXAMPLE_CREDENTIAL = { id: 'sagemakerExample1', name: 'AWS SageMaker (example)' };
const SLACK_URL = 'https://hooks.slack.com/services/YOUR/WEBHOOK/PATH';
const IDS = {
	approval: 'recipeApproval01',
	reaper: 'recipeReaper0001',
	alert: 'recipeAlert00001',
} as const;

let emulator: Emulator;
let n8n: N8nInstance;
let slack: Server;
let slackUrl: string;
let approvalQueue: string;
let eventsQueue: string;
const posts: Array<{ path: string; body: Record<string, unknown> }> = [];

/** An example as a user imports it, with its queue and Slack URLs pointed at the emulator and the stand-in. */
function example(file: string, id: string, queueUrl?: string): Record<string, unknown> {
	const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as {
		nodes: Array<{ parameters: Record<string, unknown> }>;
	};
	for (const node of workflow.nodes) {
		if (queueUrl && typeof node.parameters.queueUrl === 'string')
			node.parameters.queueUrl = queueUrl;
		if (node.parameters.url === SLACK_URL) node.parameters.url = `${slackUrl}/${id}`;
	}
	return { ...workflow, id, active: false };
}

function postsTo(id: string) {
	return posts.filter((post) => post.path === `/${id}`);
}

beforeAll(async () => {
	slack = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			posts.push({
				path: request.url ?? '',
				body: JSON.parse(body || '{}') as Record<string, unknown>,
			});
			response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
	slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}`;

	emulator = await startEmulator();
	approvalQueue = emulator.sqs.createQueue('sagemaker-callbacks');
	eventsQueue = emulator.sqs.createQueue('sagemaker-pipeline-events');
	n8n = await startN8n({
		tarball: process.env.N8N_E2E_TARBALL,
		credentials: [emulatorN8nCredential(emulator, EXAMPLE_CREDENTIAL)],
		workflows: [
			example('human-approval-of-callback-step.json', IDS.approval, approvalQueue),
			example('stale-callback-reaper.json', IDS.reaper),
			example('pipeline-failure-alert.json', IDS.alert, eventsQueue),
		],
		activate: [IDS.approval, IDS.alert],
	});
	// Installing the package and starting n8n takes minutes when the machine is busy.
}, 600_000);

afterAll(async () => {
	await n8n?.stop();
	await emulator?.close();
	slack?.closeAllConnections();
	await new Promise((resolve) => slack?.close(resolve));
});

describe('Recipe: a person approves or rejects a callback step', () => {
	async function askedFor(stepArguments: Record<string, unknown>) {
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'fraud-model',
			queueUrl: approvalQueue,
			arguments: stepArguments,
			outputs: [
				{ name: 'approved', type: 'Boolean' },
				{ name: 'comment', type: 'String' },
			],
		});
		await until(
			() =>
				postsTo(IDS.approval).some(
					(post) => post.body.pipelineExecutionArn === step.pipelineExecutionArn,
				),
			'the approval request was posted',
			30_000,
		);
		const request = postsTo(IDS.approval).find(
			(post) => post.body.pipelineExecutionArn === step.pipelineExecutionArn,
		)!;
		// The request goes out just before the Wait node parks the execution; n8n answers 409 to a resume before that.
		let waiting: Awaited<ReturnType<typeof n8n.api.listExecutions>> = [];
		await until(
			async () =>
				(waiting = await n8n.api.listExecutions({ workflowId: IDS.approval, status: 'waiting' }))
					.length > 0,
			'the execution waits for the answer',
			30_000,
		);
		expect(waiting).toHaveLength(1);
		return {
			step,
			waiting: waiting[0],
			request: request.body as { answerUrl: string; stepArguments: unknown; text: string },
		};
	}

	test('approved: the execution waits for the person (its message already deleted), then Send Step Success carries the comment', async () => {
		const { step, request, waiting } = await askedFor({
			modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3',
		});
		expect(request.stepArguments).toEqual({
			modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/3',
		});
		expect(request.answerUrl).toMatch(new RegExp(`^${n8n.url}/webhook-waiting/\\d+`));

		// A waiting execution is one n8n keeps and resumes itself: the trigger deletes its message now, so the
		// person's time does not count against Max Execution Time or the 12-hour SQS visibility limit.
		await until(
			() => emulator.sqs.stats(approvalQueue).deleted === 1,
			'the message is deleted while the execution waits',
			30_000,
		);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');

		const answeredAt = Date.now();
		const answer = await fetch(request.answerUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ approved: true, comment: 'Recall is fine, ship it. (ana)' }),
		});
		expect(answer.status).toBe(200);
		await until(
			() => emulator.sageMaker.step(step.token)?.status === 'Succeeded',
			'the step succeeded',
			30_000,
		);
		log(`approval: answer posted → step Succeeded in ${Date.now() - answeredAt} ms`);
		expect(emulator.sageMaker.step(step.token)?.outputParameters).toEqual([
			{ Name: 'approved', Value: 'true' },
			{ Name: 'comment', Value: 'Recall is fine, ship it. (ana)' },
		]);
		// The same execution went on from the Wait node; n8n saves its end a moment after the step succeeded.
		await until(
			async () => (await n8n.api.getExecution(waiting.id)).status === 'success',
			'the execution is saved as a success',
			30_000,
		);
	});

	test("rejected: Send Step Failure with the person's comment as the failure reason", async () => {
		const { step, request } = await askedFor({
			modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/fraud/4',
		});
		const answer = await fetch(request.answerUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ approved: false, comment: 'AUC dropped below 0.8' }),
		});
		expect(answer.status).toBe(200);
		await until(
			() => emulator.sageMaker.step(step.token)?.status === 'Failed',
			'the step failed',
			30_000,
		);
		expect(emulator.sqs.stats(approvalQueue).deleted).toBe(2);
		expect(emulator.sageMaker.step(step.token)?.failureReason).toBe(
			'Rejected: AUC dropped below 0.8',
		);
	});
});

describe('Recipe: fail callback steps nobody answered', () => {
	test('Run Now fails the steps of churn-model waiting longer than 24 hours, and only those', async () => {
		const old = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			stepName: 'ApproveModel',
		});
		const fresh = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			stepName: 'ApproveModel',
		});
		const otherPipeline = emulator.sageMaker.createCallbackStep({
			pipelineName: 'scoring',
			stepName: 'ApproveModel',
		});
		for (const { pipelineExecutionArn } of [old, otherPipeline]) {
			const run = emulator.sageMaker.executions
				.get(pipelineExecutionArn)!
				.runs.find((candidate) => candidate.name === 'ApproveModel')!;
			run.startTime = Date.now() - 25 * 3600 * 1000;
		}

		// n8n 2.40.7's default expression engine crashes `n8n execute` at exit now and then (see smoke.e2e.test.ts).
		const startedAt = Date.now();
		await n8n.runCommand(['execute', `--id=${IDS.reaper}`], { N8N_EXPRESSION_ENGINE: 'legacy' });
		log(`reaper: n8n execute took ${Date.now() - startedAt} ms`);

		expect(emulator.sageMaker.step(old.token)).toMatchObject({
			status: 'Failed',
			failureReason: 'No answer within 24 hours',
		});
		expect(emulator.sageMaker.step(fresh.token)?.status).toBe('Executing');
		expect(emulator.sageMaker.step(otherPipeline.token)?.status).toBe('Executing');
		const [execution] = await n8n.api.waitForExecutions(IDS.reaper);
		expect(execution.status).toBe('success');
		expect(
			nodeOutput(execution, 'Get Pending Callback Steps')
				.map((item) => item.token)
				.sort(),
		).toEqual([old.token, fresh.token].sort());
		expect(nodeOutput(execution, 'Send Step Failure')).toEqual([
			expect.objectContaining({ status: 'Failed', pipelineExecutionArn: old.pipelineExecutionArn }),
		]);
	});
});

describe('Recipe: alert when a pipeline fails', () => {
	test('a Failed execution event posts the failed step and its reason; other events are deleted without an alert', async () => {
		const arn = emulator.sageMaker.createPipeline({
			name: 'churn-model',
			steps: [
				{ name: 'Prepare', type: 'Processing' },
				{
					name: 'TrainModel',
					type: 'Training',
					failureReason: 'AlgorithmError: the training data is empty',
				},
			],
		});
		const failed = emulator.sageMaker.startExecution(emulator.sageMaker.pipelines.get(arn)!);
		expect(failed.status).toBe('Failed');
		const succeeded = emulator.sageMaker.startExecution(
			emulator.sageMaker.pipelines.get(
				emulator.sageMaker.createPipeline({
					name: 'scoring',
					steps: [{ name: 'Score', type: 'Processing' }],
				}),
			)!,
		);
		const putAt = Date.now();
		emulator.events.putEvents(eventsQueue, [
			emulator.events.executionStatusChange(succeeded),
			emulator.events.stepStatusChange(failed, 'TrainModel'),
			emulator.events.executionStatusChange(failed),
		]);

		await until(() => postsTo(IDS.alert).length === 1, 'the alert was posted', 30_000);
		log(`failure alert: event put → alert posted in ${Date.now() - putAt} ms`);
		await until(
			() => emulator.sqs.stats(eventsQueue).deleted === 3,
			'every event is deleted',
			30_000,
		);
		const [alert] = postsTo(IDS.alert);
		expect(alert.body.text).toBe(
			`:x: Pipeline churn-model failed at step TrainModel (Training): AlgorithmError: the training data is empty\n${failed.arn}`,
		);

		const executions = await n8n.api.waitForExecutions(IDS.alert);
		expect(executions).toHaveLength(1);
		expect(nodeOutput(executions[0], 'Pipeline Event')).toEqual([
			expect.objectContaining({
				event: 'pipelineExecutionStatusChange',
				pipelineName: 'churn-model',
				currentStatus: 'Failed',
				pipelineExecutionArn: failed.arn,
			}),
		]);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(postsTo(IDS.alert)).toHaveLength(1);
	});
});
