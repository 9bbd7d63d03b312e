/**
 * The emulator's SQS against the real @aws-sdk/client-sqs: long polling, visibility and redelivery, receive
 * counts, deletes (including SQS's quiet no-op for a superseded receipt handle), dead-letter redrive, the
 * callback messages SageMaker sends, and SQS's query-compatible errors.
 */
import {
	ChangeMessageVisibilityCommand,
	CreateQueueCommand,
	DeleteMessageBatchCommand,
	DeleteMessageCommand,
	GetQueueAttributesCommand,
	GetQueueUrlCommand,
	PurgeQueueCommand,
	ReceiveMessageCommand,
	SendMessageBatchCommand,
	SendMessageCommand,
	SQSClient,
	type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from '../../../tools/emulator';
import { clientConfig, failure, rawRequest, useEmulatorFor } from './helpers';

let emulator: Emulator;
const clients: SQSClient[] = [];

function sqs(overrides: Partial<SQSClientConfig> = {}, target: Emulator = emulator): SQSClient {
	const client = new SQSClient(clientConfig(target, overrides as Record<string, unknown>));
	clients.push(client);
	return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

useEmulatorFor(clients, (started) => (emulator = started));

describe('queues', () => {
	it('creates a queue and finds its URL', async () => {
		const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: 'callbacks' }));
		expect(QueueUrl).toBe(`${emulator.url}/123456789012/callbacks`);
		expect((await sqs().send(new GetQueueUrlCommand({ QueueName: 'callbacks' }))).QueueUrl).toBe(
			QueueUrl,
		);
		expect(emulator.sqs.createQueue('callbacks')).toBe(QueueUrl);
	});

	it('answers a missing queue as SQS does, modelled error and query code', async () => {
		const error = await failure(sqs().send(new GetQueueUrlCommand({ QueueName: 'nope' })));
		expect(error).toMatchObject({
			name: 'QueueDoesNotExist',
			status: 400,
			code: 'AWS.SimpleQueueService.NonExistentQueue',
		});
		expect(emulator.requests.at(-1)!.errorCode).toBe('QueueDoesNotExist');
		const raw = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.0',
				'x-amz-target': 'AmazonSQS.GetQueueUrl',
			},
			body: JSON.stringify({ QueueName: 'nope' }),
			sign: { service: 'sqs' },
		});
		expect(raw.json()).toEqual({
			__type: 'com.amazonaws.sqs#QueueDoesNotExist',
			message: 'The specified queue does not exist.',
		});
		expect(raw.headers['x-amzn-query-error']).toBe(
			'AWS.SimpleQueueService.NonExistentQueue;Sender',
		);
		expect(raw.headers['content-type']).toBe('application/x-amz-json-1.0');
	});

	it('checks the SQS signature scope and secret', async () => {
		const wrongSecret = await failure(
			sqs({
				credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'nope' },
			}).send(new GetQueueUrlCommand({ QueueName: 'q' })),
		);
		expect(wrongSecret).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
		const raw = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.0',
				'x-amz-target': 'AmazonSQS.GetQueueUrl',
			},
			body: JSON.stringify({ QueueName: 'q' }),
			sign: { service: 'sagemaker' },
		});
		expect(raw.status).toBe(403);
		expect(raw.headers['x-amzn-query-error']).toBe('SignatureDoesNotMatch;Sender');
		expect(raw.json().message).toBe("Credential should be scoped to correct service: 'sqs'. ");
	});

	it('refuses an existing name with different attributes, and a second purge within 60 s', async () => {
		await sqs().send(
			new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '30' } }),
		);
		const exists = await failure(
			sqs().send(
				new CreateQueueCommand({ QueueName: 'q', Attributes: { VisibilityTimeout: '60' } }),
			),
		);
		expect(exists).toMatchObject({ name: 'QueueNameExists', code: 'QueueAlreadyExists' });
		const url = emulator.sqs.queueUrl('q');
		emulator.sqs.sendMessage(url, 'x');
		await sqs().send(new PurgeQueueCommand({ QueueUrl: url }));
		expect(emulator.sqs.stats(url).visible).toBe(0);
		expect((await failure(sqs().send(new PurgeQueueCommand({ QueueUrl: url })))).name).toBe(
			'PurgeQueueInProgress',
		);
	});
});

describe('receiving', () => {
	it('long poll answers as soon as a message is sent', async () => {
		const url = emulator.sqs.createQueue('poll');
		const started = Date.now();
		const poll = sqs().send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
		await sleep(150);
		const id = emulator.sqs.sendMessage(url, '{"hello":"world"}');
		const { Messages } = await poll;
		expect(Date.now() - started).toBeLessThan(2000);
		expect(Messages).toHaveLength(1);
		expect(Messages![0]).toMatchObject({ MessageId: id, Body: '{"hello":"world"}' });
	});

	it('answers an empty poll without a Messages member after the wait', async () => {
		const url = emulator.sqs.createQueue('empty');
		const started = Date.now();
		const response = await sqs().send(
			new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }),
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(response.Messages).toBeUndefined();
	});

	it('hides a received message for the visibility timeout, then redelivers it with a higher receive count', async () => {
		const url = emulator.sqs.createQueue('visibility');
		await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
		const receive = () =>
			sqs().send(
				new ReceiveMessageCommand({
					QueueUrl: url,
					VisibilityTimeout: 1,
					MessageSystemAttributeNames: ['All'],
				}),
			);

		const first = (await receive()).Messages![0];
		expect(first.Attributes).toMatchObject({
			ApproximateReceiveCount: '1',
			SenderId: 'AIDAEMULATOR0EXAMPLE0',
		});
		expect(Number(first.Attributes!.SentTimestamp)).toBeGreaterThan(Date.now() - 5000);
		expect(emulator.sqs.stats(url)).toMatchObject({ visible: 0, inFlight: 1, receives: 1 });
		expect((await receive()).Messages).toBeUndefined();

		await sleep(1100);
		const second = (await receive()).Messages![0];
		expect(second.MessageId).toBe(first.MessageId);
		expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
		expect(second.Attributes).toMatchObject({
			ApproximateReceiveCount: '2',
			ApproximateFirstReceiveTimestamp: first.Attributes!.ApproximateFirstReceiveTimestamp,
		});

		// SQS: deleting with a superseded handle succeeds but deletes nothing.
		await sqs().send(
			new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }),
		);
		expect(emulator.sqs.stats(url)).toMatchObject({ inFlight: 1, deleted: 0, staleDeletes: 1 });
		await sqs().send(
			new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }),
		);
		expect(emulator.sqs.stats(url)).toMatchObject({ visible: 0, inFlight: 0, deleted: 1 });
	});

	it('changes visibility: 0 makes a message receivable at once; a visible one is not in flight', async () => {
		const url = emulator.sqs.createQueue('change');
		emulator.sqs.sendMessage(url, 'job');
		const first = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0];
		await sqs().send(
			new ChangeMessageVisibilityCommand({
				QueueUrl: url,
				ReceiptHandle: first.ReceiptHandle,
				VisibilityTimeout: 0,
			}),
		);
		const notInFlight = await failure(
			sqs().send(
				new ChangeMessageVisibilityCommand({
					QueueUrl: url,
					ReceiptHandle: first.ReceiptHandle,
					VisibilityTimeout: 10,
				}),
			),
		);
		expect(notInFlight).toMatchObject({
			name: 'MessageNotInflight',
			code: 'AWS.SimpleQueueService.MessageNotInflight',
		});
		const again = (
			await sqs().send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }))
		).Messages![0];
		expect(again.MessageId).toBe(first.MessageId);

		const forged = await failure(
			sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })),
		);
		expect(forged).toMatchObject({ name: 'ReceiptHandleIsInvalid', status: 404 });
	});

	it('enforces ReceiveMessage limits with SQS wording', async () => {
		const url = emulator.sqs.createQueue('limits');
		const tooMany = await failure(
			sqs().send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
		);
		expect(tooMany).toMatchObject({
			name: 'InvalidParameterValue',
			status: 400,
			message:
				'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
		});
		expect(
			(await failure(sqs().send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 }))))
				.name,
		).toBe('InvalidParameterValue');
		// The request log names errors as the SDK does.
		expect(emulator.requests.at(-1)).toMatchObject({
			operation: 'ReceiveMessage',
			status: 400,
			errorCode: 'InvalidParameterValue',
		});
		expect(
			(
				await failure(
					sqs().send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 43201 })),
				)
			).name,
		).toBe('InvalidParameterValue');
	});

	it('receives up to MaxNumberOfMessages and reports queue attributes', async () => {
		const url = emulator.sqs.createQueue('many');
		for (let i = 0; i < 12; i++) emulator.sqs.sendMessage(url, `m${i}`);
		const { Messages } = await sqs().send(
			new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
		);
		expect(Messages).toHaveLength(10);
		const { Attributes } = await sqs().send(
			new GetQueueAttributesCommand({
				QueueUrl: url,
				AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
			}),
		);
		expect(Attributes).toEqual({
			ApproximateNumberOfMessages: '2',
			ApproximateNumberOfMessagesNotVisible: '10',
		});
	});

	it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
		const url = emulator.sqs.createQueue('work', {
			maxReceiveCount: 2,
			deadLetterQueueName: 'work-dlq',
		});
		const dlq = emulator.sqs.queueUrl('work-dlq');
		emulator.sqs.sendMessage(url, 'poison');
		const receive = () =>
			sqs().send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
		expect((await receive()).Messages).toHaveLength(1);
		expect((await receive()).Messages).toHaveLength(1);
		expect((await receive()).Messages).toBeUndefined();
		expect(emulator.sqs.stats(url)).toMatchObject({ visible: 0, movedToDlq: 1, receives: 2 });
		const moved = (
			await sqs().send(
				new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'] }),
			)
		).Messages![0];
		expect(moved.Body).toBe('poison');
		expect(moved.Attributes!.DeadLetterQueueSourceArn).toBe(
			'arn:aws:sqs:us-east-1:123456789012:work',
		);
	});
});

describe('batches', () => {
	it('sends and deletes in batches, reporting per-entry failures', async () => {
		const url = emulator.sqs.createQueue('batch');
		const sent = await sqs().send(
			new SendMessageBatchCommand({
				QueueUrl: url,
				Entries: [
					{ Id: 'a', MessageBody: 'one' },
					{ Id: 'b', MessageBody: 'two' },
				],
			}),
		);
		expect(sent.Successful!.map((e) => e.Id)).toEqual(['a', 'b']);
		expect(sent.Failed ?? []).toEqual([]);
		const { Messages } = await sqs().send(
			new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
		);
		const deleted = await sqs().send(
			new DeleteMessageBatchCommand({
				QueueUrl: url,
				Entries: [
					{ Id: 'x', ReceiptHandle: Messages![0].ReceiptHandle },
					{ Id: 'y', ReceiptHandle: 'forged' },
				],
			}),
		);
		expect(deleted.Successful).toEqual([{ Id: 'x' }]);
		expect(deleted.Failed).toEqual([
			{ Id: 'y', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.any(String) },
		]);
	});

	it('refuses repeated ids and more than 10 entries', async () => {
		const url = emulator.sqs.createQueue('batch-limits');
		const repeated = await failure(
			sqs().send(
				new SendMessageBatchCommand({
					QueueUrl: url,
					Entries: [
						{ Id: 'a', MessageBody: '1' },
						{ Id: 'a', MessageBody: '2' },
					],
				}),
			),
		);
		expect(repeated.name).toBe('BatchEntryIdsNotDistinct');
		const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' }));
		expect(
			(await failure(sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: eleven }))))
				.name,
		).toBe('TooManyEntriesInBatchRequest');
	});
});

describe('callback messages from SageMaker', () => {
	it('puts the message SageMaker sends in the queue, and a Stopping one when the execution is stopped', async () => {
		const url = emulator.sqs.createQueue('sagemaker-callbacks');
		const step = emulator.sageMaker.createCallbackStep({
			queueUrl: url,
			arguments: { model: 's3://bucket/model.tar.gz' },
		});
		const [message] = emulator.sqs.messages(url);
		expect(message.body).toBe(
			JSON.stringify({
				token: step.token,
				pipelineExecutionArn: step.pipelineExecutionArn,
				arguments: { model: 's3://bucket/model.tar.gz' },
				status: 'Executing',
			}),
		);

		emulator.sageMaker.stopExecution(step.pipelineExecutionArn);
		expect(JSON.parse(emulator.sqs.messages(url)[1].body)).toMatchObject({
			token: step.token,
			status: 'Stopping',
		});
		expect(emulator.sageMaker.executions.get(step.pipelineExecutionArn)!.status).toBe('Stopping');
		// The step still waits: completing it lets the execution reach Stopped.
		emulator.sageMaker.completeCallback(step.token, { outputParameters: [] }, undefined);
		expect(emulator.sageMaker.executions.get(step.pipelineExecutionArn)!.status).toBe('Stopped');
	});
});

describe('closing', () => {
	it('ends a pending long poll promptly', async () => {
		const other = await startEmulator();
		const url = other.sqs.createQueue('closing');
		const client = sqs({ maxAttempts: 1 }, other);
		const started = Date.now();
		const poll = client
			.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }))
			.then(
				(r) => r.Messages,
				(e: Error) => e,
			);
		await sleep(100);
		await other.close();
		await poll;
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
