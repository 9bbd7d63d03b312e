/**
 * Message Source "Pipeline Events (EventBridge)": SageMaker's events, as an EventBridge rule puts them in the
 * queue, each start the workflow with the event's facts on top and its detail whole; the trigger's filters
 * delete what they exclude; anything that is not one of the three events is reported and left for the redrive
 * policy; delivery is the callback messages' (deleted after success, hidden while running). Workflows saved
 * before the option existed still read callback messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import type { Emulator } from '../../../tools/emulator';
import { chain } from '../../harness/engine';
import {
	activateTrigger,
	listenForTestEvent,
	triggerNode,
	type ActiveTrigger,
	type TriggerWorkflow,
} from '../../harness/trigger';
import { emulatorCredential, requestsFor, useEmulator } from '../../harness/emulator';
import { gateNode, heldGates, newQueue, releaseGates } from './helpers';
import { delay, until } from '../../harness/wait';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	releaseGates();
	await active?.close();
	active = undefined;
});

function fixture(name: string): Record<string, unknown> {
	return JSON.parse(
		readFileSync(join(__dirname, '../../fixtures/eventbridge', `${name}.json`), 'utf8'),
	) as Record<string, unknown>;
}

const ALL_EVENTS = ['pipelineExecutionStatusChange', 'stepStatusChange', 'modelPackageStateChange'];

/** Trigger (events mode) → Gate. */
function eventsWorkflow(
	emulator: Emulator,
	queueUrl: string,
	behaviour: 'pass' | 'fail' | 'hold',
	events: unknown = ALL_EVENTS,
	options: INodeParameters = {},
): TriggerWorkflow {
	return {
		trigger: triggerNode({
			queueUrl,
			messageSource: 'eventBridge',
			events: events as INodeParameters['events'],
			options,
		}),
		nodes: [gateNode(behaviour)],
		connections: chain('Trigger', 'Gate'),
		credentials: { awsSageMakerApi: emulatorCredential(emulator) },
	};
}

type DescribedError = Error & { description?: string };

async function activationError(promise: Promise<unknown>): Promise<DescribedError> {
	try {
		await promise;
	} catch (error) {
		return error as DescribedError;
	}
	throw new Error('activation succeeded');
}

describe('AWS SageMaker Pipelines Trigger: pipeline events (EventBridge)', () => {
	test.each([
		[
			'pipeline-execution-failed',
			{
				event: 'pipelineExecutionStatusChange',
				detailType: 'SageMaker Model Building Pipeline Execution Status Change',
				eventId: '0d1f6a52-9c3e-4b8a-a1f0-5e2d7c9b3a10',
				time: '2026-03-02T09:41:07Z',
				region: 'us-east-1',
				account: '123456789012',
				pipelineName: 'churn-model',
				pipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model',
				pipelineExecutionArn:
					'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/k2v8q1x7m3pd',
				pipelineExecutionDisplayName: 'nightly-2026-03-02',
				currentStatus: 'Failed',
				previousStatus: 'Executing',
			},
		],
		[
			'pipeline-step-failed',
			{
				event: 'stepStatusChange',
				detailType: 'SageMaker Model Building Pipeline Execution Step Status Change',
				time: '2026-03-02T09:41:05Z',
				pipelineName: 'churn-model',
				pipelineExecutionArn:
					'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/k2v8q1x7m3pd',
				stepName: 'TrainModel',
				stepType: 'Training',
				currentStatus: 'Failed',
				previousStatus: 'Executing',
				failureReason:
					'ClientError: Please ensure the training data in s3://example-bucket/churn/train is not empty',
			},
		],
		[
			'model-package-pending-approval',
			{
				event: 'modelPackageStateChange',
				detailType: 'SageMaker Model Package State Change',
				modelPackageArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/7',
				modelPackageGroupName: 'churn-models',
				modelPackageVersion: 7,
				modelApprovalStatus: 'PendingManualApproval',
				modelPackageStatus: 'Completed',
				pipelineName: 'churn-model',
				pipelineExecutionArn:
					'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/p9w4n6c2r8tz',
			},
		],
	])(
		"%s: one item with the event's facts on top and its detail whole; deleted after the run succeeded",
		async (name, expected) => {
			const { emulator } = ctx;
			const queueUrl = newQueue(emulator);
			const event = fixture(name);
			const messageId = emulator.sqs.sendMessage(queueUrl, JSON.stringify(event));

			active = await activateTrigger(eventsWorkflow(emulator, queueUrl, 'pass'));
			const [execution] = await active.waitForExecutions(1);
			expect(execution.items).toHaveLength(1);
			const { json } = execution.items[0];
			expect(json).toMatchObject({ ...expected, detail: event.detail, messageId, receiveCount: 1 });
			// Fields an event does not have are absent, not null: a step event has no model package, and so on.
			for (const value of Object.values(json)) expect(value).not.toBeUndefined();
			if (expected.event !== 'stepStatusChange') expect(json).not.toHaveProperty('stepName');
			if (expected.event !== 'modelPackageStateChange')
				expect(json).not.toHaveProperty('modelPackageArn');
			await until(() => emulator.sqs.stats(queueUrl).deleted === 1, 'the event is deleted');
			expect((await execution.result).run.status).toBe('success');
		},
	);

	test('the filters: only the chosen events of the named pipelines with the chosen statuses run; the others are deleted without a run', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const send = (event: Record<string, unknown>) =>
			emulator.sqs.sendMessage(queueUrl, JSON.stringify(event));
		const failed = fixture('pipeline-execution-failed');
		const withDetail = (event: Record<string, unknown>, detail: Record<string, unknown>) => ({
			...event,
			detail: { ...(event.detail as object), ...detail },
		});
		const wanted = send(failed);
		send(withDetail(failed, { currentPipelineExecutionStatus: 'Succeeded' }));
		send(
			withDetail(failed, {
				pipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fraud-model',
				pipelineExecutionArn:
					'arn:aws:sagemaker:us-east-1:123456789012:pipeline/fraud-model/execution/a1',
			}),
		);
		send(fixture('pipeline-step-failed'));
		const approval = send(fixture('model-package-pending-approval'));
		send(
			withDetail(fixture('model-package-pending-approval'), { ModelApprovalStatus: 'Approved' }),
		);

		active = await activateTrigger(
			eventsWorkflow(
				emulator,
				queueUrl,
				'pass',
				['pipelineExecutionStatusChange', 'modelPackageStateChange'],
				{
					pipelineNames: 'Churn-Model',
					pipelineExecutionStatuses: ['Failed', 'Stopped'],
					modelApprovalStatuses: ['PendingManualApproval'],
				},
			),
		);
		await until(() => emulator.sqs.stats(queueUrl).deleted === 6, 'every event is deleted');
		await delay(200);
		expect(active.executions.map((execution) => execution.items[0].json.messageId).sort()).toEqual(
			[wanted, approval].sort(),
		);
		expect(active.failedExecutions).toHaveLength(0);
	});

	test.each([
		[
			'a SageMaker event of another type',
			JSON.stringify(fixture('training-job-state-change')),
			'it is a SageMaker "SageMaker Training Job State Change" event, which this trigger does not read',
		],
		[
			'an event of another source',
			JSON.stringify({ ...fixture('pipeline-execution-failed'), source: 'com.example.orders' }),
			'it is an event from "com.example.orders", not from aws.sagemaker',
		],
		[
			'a callback message',
			JSON.stringify({
				token: 'AbCdEf1234',
				pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
				arguments: {},
				status: 'Executing',
			}),
			'read this queue with Message Source "Callback Messages"',
		],
		['plain text', 'hello', 'the body is not JSON (5 characters)'],
		[
			'an event with a 5,000-character source (quoted cut short)',
			JSON.stringify({ ...fixture('pipeline-execution-failed'), source: 'x'.repeat(5_000) }),
			`it is an event from "${'x'.repeat(100)}…", not from aws.sagemaker`,
		],
		[
			'a step event without its step name',
			JSON.stringify({
				...fixture('pipeline-step-failed'),
				detail: { ...(fixture('pipeline-step-failed').detail as object), stepName: undefined },
			}),
			'it is a "SageMaker Model Building Pipeline Execution Step Status Change" event, but its detail has no "stepName"',
		],
	])(
		'%s is reported as a failed execution and left for the redrive policy',
		async (_what, body, reason) => {
			const { emulator } = ctx;
			const queueUrl = newQueue(emulator, { maxReceiveCount: 2 });
			const messageId = emulator.sqs.sendMessage(queueUrl, body);

			active = await activateTrigger(
				eventsWorkflow(emulator, queueUrl, 'pass', ALL_EVENTS, { visibilityTimeout: 1 }),
			);
			const reported = await active.waitForFailedExecution();
			expect(reported.message).toContain(
				`SQS message ${messageId} is not a SageMaker pipeline event: `,
			);
			expect(reported.message).toContain(reason);
			expect(reported.message.length).toBeLessThan(400);
			expect((reported as DescribedError).description).toMatch(/dead-letter queue/);

			await until(
				() => emulator.sqs.stats(queueUrl).movedToDlq === 1,
				'the message moved to the dead-letter queue',
				10_000,
			);
			expect(active.failedExecutions).toHaveLength(2);
			expect(active.executions).toHaveLength(0);
			expect(emulator.sqs.stats(queueUrl).deleted).toBe(0);
			expect(emulator.sqs.messages(`${queueUrl}-dlq`).map((m) => m.body)).toEqual([body]);
		},
	);

	test('a failed run leaves the event to come back; a long run keeps it hidden; deleted only after a run succeeded', async () => {
		const { emulator } = ctx;
		const failingQueue = newQueue(emulator);
		emulator.sqs.sendMessage(failingQueue, JSON.stringify(fixture('pipeline-execution-failed')));
		active = await activateTrigger(
			eventsWorkflow(emulator, failingQueue, 'fail', ALL_EVENTS, { visibilityTimeout: 1 }),
		);
		const [first, second] = await active.waitForExecutions(2);
		expect(first.items[0].json.eventId).toBe(second.items[0].json.eventId);
		expect(second.items[0].json.receiveCount).toBe(2);
		expect(requestsFor(emulator, 'DeleteMessage')).toHaveLength(0);
		await active.close();

		const holdingQueue = newQueue(emulator);
		emulator.sqs.sendMessage(holdingQueue, JSON.stringify(fixture('pipeline-step-failed')));
		active = await activateTrigger(
			eventsWorkflow(emulator, holdingQueue, 'hold', ALL_EVENTS, { visibilityTimeout: 2 }),
		);
		await until(() => heldGates() === 1, 'the run is going on');
		const extended = () =>
			requestsFor(emulator, 'ChangeMessageVisibility').filter(
				(request) => request.input?.QueueUrl === holdingQueue,
			);
		await until(() => extended().length >= 3, 'the visibility was extended three times', 10_000);
		expect(emulator.sqs.messages(holdingQueue)).toEqual([
			expect.objectContaining({ visible: false, receiveCount: 1 }),
		]);
		expect(active.executions).toHaveLength(1);
		releaseGates();
		await until(
			() => emulator.sqs.stats(holdingQueue).deleted === 1,
			'the event is deleted after the run succeeded',
		);
	});

	test("the emulator's putEvents: a Failed execution event built from an emulator execution reaches the workflow", async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const pipelineArn = emulator.sageMaker.createPipeline({
			name: 'churn-model',
			steps: [
				{ name: 'TrainModel', type: 'Training', failureReason: 'AlgorithmError: out of memory' },
			],
		});
		const execution = emulator.sageMaker.startExecution(
			emulator.sageMaker.pipelines.get(pipelineArn)!,
		);
		expect(execution.status).toBe('Failed');
		const [{ eventId }] = emulator.events.putEvents(queueUrl, [
			emulator.events.stepStatusChange(execution, 'TrainModel'),
		]);

		active = await activateTrigger(
			eventsWorkflow(emulator, queueUrl, 'pass', ['stepStatusChange'], {
				stepStatuses: ['Failed'],
			}),
		);
		const [run] = await active.waitForExecutions(1);
		expect(run.items[0].json).toMatchObject({
			eventId,
			pipelineName: 'churn-model',
			pipelineExecutionArn: execution.arn,
			stepName: 'TrainModel',
			stepType: 'Training',
			currentStatus: 'Failed',
			failureReason: 'AlgorithmError: out of memory',
		});
	});

	test('listen for test event: shows one event and consumes nothing; events the filters held back are visible again', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sqs.sendMessage(queueUrl, JSON.stringify(fixture('pipeline-step-failed')));
		emulator.sqs.sendMessage(queueUrl, JSON.stringify(fixture('pipeline-execution-failed')));

		const result = await listenForTestEvent(
			eventsWorkflow(emulator, queueUrl, 'pass', ['pipelineExecutionStatusChange']),
		);
		expect(result.error('Trigger')).toBeUndefined();
		expect(result.output('Trigger').map((item) => item.json.event)).toEqual([
			'pipelineExecutionStatusChange',
		]);
		expect(emulator.sqs.stats(queueUrl)).toMatchObject({ deleted: 0, visible: 2, inFlight: 0 });
	});

	test.each([
		['no event chosen', { events: [] }, /^Event Types is empty: choose at least one/],
		[
			'an unknown event',
			{ events: ['trainingJobStateChange'] },
			/^Event Types has "trainingJobStateChange", not one of pipelineExecutionStatusChange, stepStatusChange, modelPackageStateChange/,
		],
		[
			'an unknown execution status',
			{ options: { pipelineExecutionStatuses: ['Failed', 'Broken'] } },
			/^Pipeline Execution Statuses has "Broken", not one of Executing, /,
		],
		[
			'an unknown step status',
			{ options: { stepStatuses: 'Failed, failed' } },
			/^Step Statuses has "failed", not one of /,
		],
		[
			'an unknown approval status',
			{ options: { modelApprovalStatuses: ['APPROVED'] } },
			/^Model Approval Statuses has "APPROVED", not one of PendingManualApproval, Approved, Rejected/,
		],
		[
			'an unknown message source',
			{ messageSource: 'sns' },
			/^Message Source must be "callbackQueue" or "eventBridge" \(got "sns"\)/,
		],
	])(
		'%s fails activation with the field named, before any request',
		async (_what, override, expected) => {
			const { emulator } = ctx;
			const workflow = eventsWorkflow(emulator, newQueue(emulator), 'pass');
			workflow.trigger.parameters = {
				...workflow.trigger.parameters,
				...(override as INodeParameters),
			};
			const error = await activationError(activateTrigger(workflow));
			expect(error.message).toMatch(expected);
			expect(emulator.requests).toHaveLength(0);
		},
	);
});

describe('AWS SageMaker Pipelines Trigger: a workflow saved before Message Source existed', () => {
	// What n8n stored for the trigger before this version: no messageSource, no events.
	const savedBefore = (queueUrl: string) => ({
		queueUrl,
		options: { pipelineNames: 'churn-model', visibilityTimeout: 1 },
	});

	test('reads callback messages as before, and reports an EventBridge event with the way to read it', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'churn-model',
			queueUrl,
			arguments: { reviewer: 'ana' },
		});
		const eventId = emulator.sqs.sendMessage(
			queueUrl,
			JSON.stringify(fixture('pipeline-execution-failed')),
		);

		active = await activateTrigger({
			trigger: triggerNode(savedBefore(queueUrl)),
			nodes: [gateNode('pass')],
			connections: chain('Trigger', 'Gate'),
			credentials: { awsSageMakerApi: emulatorCredential(emulator) },
		});
		const [execution] = await active.waitForExecutions(1);
		expect(Object.keys(execution.items[0].json).sort()).toEqual(
			[
				'messageId',
				'pipelineExecutionArn',
				'pipelineName',
				'receiveCount',
				'sentAt',
				'status',
				'stepArguments',
				'token',
			].sort(),
		);
		expect(execution.items[0].json).toMatchObject({
			token: step.token,
			pipelineName: 'churn-model',
			stepArguments: { reviewer: 'ana' },
			status: 'Executing',
		});
		const reported = await active.waitForFailedExecution();
		expect(reported.message).toBe(
			`SQS message ${eventId} is not a SageMaker callback message: it is an EventBridge event ("SageMaker Model Building Pipeline Execution Status Change"): read this queue with Message Source "Pipeline Events (EventBridge)"`,
		);
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 1,
			'the callback message is deleted',
		);
		expect(emulator.sqs.messages(queueUrl).map((m) => m.messageId)).toEqual([eventId]);
	});
});
