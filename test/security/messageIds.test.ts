/**
 * The SQS message id comes from the network, and the trigger names messages by it in log lines and in the
 * failed executions it reports. An endpoint that answers with an id of another shape than SQS's (a UUID)
 * must not get a line break, or text that looks like a key, into them: such an id is not shown there.
 */
import { activateTrigger, triggerNode } from '../harness/trigger';
import { emulatorCredential, useEmulator } from '../harness/emulator';
import { captureLogs } from './helpers';

const ctx = useEmulator();

const FORGED_LINE =
	'error: AWS SageMaker Pipelines Trigger "Trigger": all fine, key AKIAFAKEFORGED0EXAMPL';
const HOSTILE_ID = `d6790f8d-d575-4f01-bc51-40122e8a7b9c\n${FORGED_LINE}`;
const GOOD_ID = '5fea7756-0ea4-451a-a703-a558b933e274';

function wireMessage(messageId: string, body: string, handle: string) {
	return {
		MessageId: messageId,
		ReceiptHandle: handle,
		Body: body,
		Attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
	};
}

test('an id that is not an SQS message id is not shown in log lines or reported errors; a real one is', async () => {
	const { emulator } = ctx;
	const queueUrl = emulator.sqs.createQueue('message-ids');
	const stopping = JSON.stringify({
		token: 'AbCdEfGh12',
		pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/x',
		arguments: {},
		status: 'Stopping',
	});
	// The answer to the first receive: not a callback message, under a hostile id and a real one, and a
	// skipped message under a hostile id (debug lines, and a warning when its delete fails).
	emulator.faults.inject({
		operation: 'ReceiveMessage',
		kind: 'garbage',
		body: JSON.stringify({
			Messages: [
				wireMessage(HOSTILE_ID, 'hello', 'handle-1'),
				wireMessage(GOOD_ID, 'hello', 'handle-2'),
				wireMessage(HOSTILE_ID, stopping, 'handle-3'),
			],
		}),
	});
	const logs = captureLogs();
	try {
		const trigger = await activateTrigger({
			trigger: triggerNode({ queueUrl, options: { includeStopping: false } }),
			credentials: { awsSageMakerApi: emulatorCredential(emulator) },
		});
		await trigger.waitForFailedExecution();
		// Closing waits for the batch's deliveries, the skipped message's included.
		await trigger.close();

		const reported = trigger.failedExecutions.map((error) => error.message).sort();
		expect(reported).toEqual([
			'SQS message (id not shown: not an SQS message id) is not a SageMaker callback message: the body is not JSON (5 characters)',
			`SQS message ${GOOD_ID} is not a SageMaker callback message: the body is not JSON (5 characters)`,
		]);
		expect(
			logs.lines.some((line) =>
				line.includes('SQS message (id not shown: not an SQS message id) is a Stopping message'),
			),
		).toBe(true);
		const everything = JSON.stringify([
			trigger.failedExecutions.map((error) => [
				error.message,
				(error as { description?: string }).description,
			]),
			logs.lines,
		]);
		expect(everything).not.toContain('AKIAFAKEFORGED0EXAMPL');
		expect(logs.lines.join('\n')).not.toContain(FORGED_LINE);
	} finally {
		logs.restore();
	}
});
