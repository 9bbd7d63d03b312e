/**
 * The receive loop's life: long polls, prompt deactivation, what goes wrong while polling and how it is
 * reported (activation error, n8n's trigger error path, or a quiet retry with backoff), and option checks
 * that fail before any request.
 */
import { requestsFor, useEmulator } from '../../harness/emulator';
import { activateTrigger, type ActiveTrigger } from '../../harness/trigger';
import { POLL_BACKOFF, pollBackoffMs } from '../../../nodes/AwsSageMakerPipelinesTrigger/poller';
import { gatedWorkflow, heldGates, newQueue, releaseGates } from './helpers';
import { delay, until } from '../../harness/wait';

const ctx = useEmulator();
let active: ActiveTrigger | undefined;

afterEach(async () => {
	releaseGates();
	await active?.close();
	active = undefined;
});

type DescribedError = Error & { description?: string };

/** TCP connections open in this process (the emulator keeps none idle): both ends of a pending long poll. */
function openConnections(): number {
	return process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
}

async function activationError(promise: Promise<unknown>): Promise<DescribedError> {
	try {
		await promise;
	} catch (error) {
		return error as DescribedError;
	}
	throw new Error('activation succeeded');
}

describe('AWS SageMaker Pipelines Trigger: polling', () => {
	test('polls with 20-second long polls, asking for the message attributes it outputs', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		active = await activateTrigger(
			gatedWorkflow(emulator, queueUrl, 'pass', { maxNumberOfMessages: 5, visibilityTimeout: 120 }),
		);
		emulator.sageMaker.createCallbackStep({ queueUrl });
		await active.waitForExecutions(1);

		const [first, second] = requestsFor(emulator, 'ReceiveMessage');
		// Activation checks the queue with one receive that does not wait; then the loop long-polls.
		expect(first.input).toEqual({
			QueueUrl: queueUrl,
			MaxNumberOfMessages: 5,
			WaitTimeSeconds: 0,
			VisibilityTimeout: 120,
			MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
		});
		expect(second.input).toMatchObject({ WaitTimeSeconds: 20 });
		expect(second.headers['x-amz-target']).toBe('AmazonSQS.ReceiveMessage');
		expect(second.headers['content-type']).toBe('application/x-amz-json-1.0');
	});

	test('deactivation ends a pending 20-second long poll at once and starts no further request', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		await until(
			() => requestsFor(emulator, 'ReceiveMessage').length === 1,
			'the activation receive is done',
		);
		await delay(300); // the long poll is now waiting in the emulator
		expect(openConnections()).toBeGreaterThan(0);

		const started = Date.now();
		await active.close();
		const closedAfterMs = Date.now() - started;
		expect(closedAfterMs).toBeLessThan(1_000);
		// The long poll's connection is gone, not left waiting out its 20 seconds.
		await delay(50);
		expect(openConnections()).toBe(0);

		await delay(1_500);
		expect(emulator.requests.filter((request) => request.at >= started)).toHaveLength(0);
		expect(active.executions).toHaveLength(0);
		expect(active.errors).toHaveLength(0);
	});

	test('deactivation while an execution runs: closing does not wait for it, and its message is still deleted when it succeeds', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		emulator.sageMaker.createCallbackStep({ queueUrl });
		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'hold'));
		await until(() => heldGates() === 1, 'the execution runs');

		const started = Date.now();
		await active.close();
		expect(Date.now() - started).toBeLessThan(1_000);

		releaseGates();
		await until(
			() => emulator.sqs.stats(queueUrl).deleted === 1,
			'the message of the finished execution is deleted',
		);
	});

	test("a queue that does not exist fails activation with AWS's reason and a hint", async () => {
		const { emulator } = ctx;
		const error = await activationError(
			activateTrigger(gatedWorkflow(emulator, emulator.sqs.queueUrl('no-such-queue'), 'pass')),
		);
		expect(error.message).toBe(
			'SQS ReceiveMessage failed: The specified queue does not exist. [AWS.SimpleQueueService.NonExistentQueue]',
		);
		expect(error.description).toMatch(/queue does not exist in this region and account/);
	});

	test("access denied while polling goes through n8n's trigger error path once, naming the IAM action", async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		emulator.faults.inject({
			operation: 'ReceiveMessage',
			kind: 'error',
			code: 'AccessDenied',
			status: 403,
			message: 'User is not authorized to perform: sqs:receivemessage',
		});
		emulator.sageMaker.createCallbackStep({ queueUrl }); // ends the pending long poll; the next receive is denied

		const error = (await active.waitForError()) as DescribedError;
		expect(error.message).toMatch(/^SQS ReceiveMessage failed: .*\[AccessDenied\]$/);
		expect(error.description).toContain('sqs:ReceiveMessage');

		const receives = requestsFor(emulator, 'ReceiveMessage').length;
		await delay(1_500);
		expect(requestsFor(emulator, 'ReceiveMessage')).toHaveLength(receives);
		expect(active.errors).toHaveLength(1);
	});

	test('server errors while polling are retried with backoff, not in a hot loop, and polling resumes', async () => {
		const { emulator } = ctx;
		const queueUrl = newQueue(emulator);
		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		// Two polls' worth: each poll is three attempts (the transport's own retries).
		emulator.faults.inject({ operation: 'ReceiveMessage', kind: 'serverError', times: 6 });
		emulator.sageMaker.createCallbackStep({ queueUrl });
		await active.waitForExecutions(1);

		emulator.sageMaker.createCallbackStep({ queueUrl });
		const [, second] = await active.waitForExecutions(2, 20_000);
		expect(second.items[0].json.receiveCount).toBe(1);
		expect(active.errors).toHaveLength(0);

		const failed = requestsFor(emulator, 'ReceiveMessage').filter(
			(request) => request.status === 500,
		);
		expect(failed).toHaveLength(6);
		// Between the two failed polls the loop waited (at least half of the 1 s first backoff).
		expect(failed[3].at - failed[2].at).toBeGreaterThanOrEqual(500);
	});

	test("a queue URL as the SQS console shows it is sent to the credential's SQS endpoint (custom endpoints: VPC endpoint, emulator)", async () => {
		const { emulator } = ctx;
		const emulatorQueueUrl = newQueue(emulator);
		const queueUrl = `https://sqs.us-east-1.amazonaws.com/123456789012/${emulatorQueueUrl.split('/').pop()}`;
		const step = emulator.sageMaker.createCallbackStep({ queueUrl: emulatorQueueUrl });

		active = await activateTrigger(gatedWorkflow(emulator, queueUrl, 'pass'));
		const [execution] = await active.waitForExecutions(1);
		expect(execution.items[0].json.token).toBe(step.token);
		expect(requestsFor(emulator, 'ReceiveMessage')[0].input.QueueUrl).toBe(queueUrl);
	});

	test('the wait between failed polls doubles from 1 s up to a minute, with jitter only in its upper half', () => {
		const lowest = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((failures) => pollBackoffMs(failures, () => 0));
		const highest = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((failures) => pollBackoffMs(failures, () => 1));
		expect(highest).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
		expect(lowest).toEqual(highest.map((ms) => ms / 2));
		// Lasting failures are reported after about two minutes of waiting.
		const waited = highest
			.slice(0, POLL_BACKOFF.reportAfterFailures - 1)
			.reduce((sum, ms) => sum + ms, 0);
		expect(waited).toBeGreaterThanOrEqual(60_000);
		expect(waited).toBeLessThanOrEqual(180_000);
	});

	test.each([
		['a queue name instead of a URL', { queueUrl: 'my-callback-queue' }, /^Queue URL is not a URL/],
		[
			'a URL without the account',
			{ queueUrl: 'https://sqs.us-east-1.amazonaws.com/my-callback-queue' },
			/^Queue URL must look like/,
		],
		[
			'a queue in another region',
			{ queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/callbacks' },
			/^Queue URL is in region eu-west-1 but the credential uses region us-east-1/,
		],
		[
			'a queue in another region (legacy host)',
			{ queueUrl: 'https://eu-west-1.queue.amazonaws.com/123456789012/callbacks' },
			/^Queue URL is in region eu-west-1 /,
		],
		[
			'a queue in another region (VPC endpoint)',
			{ queueUrl: 'https://vpce-0a1b2c3d.sqs.eu-west-1.vpce.amazonaws.com/123456789012/callbacks' },
			/^Queue URL is in region eu-west-1 /,
		],
		[
			'11 messages per receive',
			{ options: { maxNumberOfMessages: 11 } },
			/^Max Messages per Receive must be a whole number from 1 to 10/,
		],
		[
			'a visibility timeout over 12 hours',
			{ options: { visibilityTimeout: 43_201 } },
			/^Visibility Timeout must be a whole number from 1 to 43200/,
		],
		[
			'no concurrency',
			{ options: { maxConcurrentExecutions: 0 } },
			/^Max Concurrent Executions must be a whole number from 1 to 100/,
		],
		[
			"a max execution time over SQS's 12 hours",
			{ options: { maxExecutionTime: 43_201 } },
			/^Max Execution Time must be a whole number from 1 to 43200/,
		],
		[
			'a fractional max execution time',
			{ options: { maxExecutionTime: 1.5 } },
			/^Max Execution Time must be a whole number from 1 to 43200 \(got 1\.5\)/,
		],
	])('%s fails activation before any request', async (_what, override, expected) => {
		const { emulator } = ctx;
		const workflow = gatedWorkflow(emulator, newQueue(emulator), 'pass');
		workflow.trigger.parameters = { ...workflow.trigger.parameters, ...override };
		const error = await activationError(activateTrigger(workflow));
		expect(error.message).toMatch(expected);
		expect(emulator.requests).toHaveLength(0);
	});
});
