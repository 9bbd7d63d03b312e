/**
 * The emulator against the real @aws-sdk/client-sagemaker: callback steps complete, and every wrong request an
 * AWS endpoint would refuse (signature, key, scope, clock, limits, token state) is refused with AWS's code.
 */
import {
	SageMakerClient,
	SendPipelineExecutionStepFailureCommand,
	SendPipelineExecutionStepSuccessCommand,
	type SageMakerClientConfig,
} from '@aws-sdk/client-sagemaker';
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from '../../../tools/emulator';
import { clientConfig, failure, rawRequest, useEmulatorFor } from './helpers';

let emulator: Emulator;
const clients: SageMakerClient[] = [];

function sageMaker(overrides: Partial<SageMakerClientConfig> = {}): SageMakerClient {
	const client = new SageMakerClient(clientConfig(emulator, overrides as Record<string, unknown>));
	clients.push(client);
	return client;
}

useEmulatorFor(clients, (started) => (emulator = started));

describe('completing a callback step', () => {
	it('records outputs, answers with the execution ARN and finishes the execution', async () => {
		const step = emulator.sageMaker.createCallbackStep({
			pipelineName: 'train-and-review',
			stepName: 'HumanReview',
		});
		expect(step.token).toMatch(/^[a-zA-Z0-9]{10}$/);
		expect(step.pipelineExecutionArn).toMatch(
			/^arn:aws:sagemaker:us-east-1:123456789012:pipeline\/train-and-review\/execution\/[a-z0-9]{12}$/,
		);

		const response = await sageMaker().send(
			new SendPipelineExecutionStepSuccessCommand({
				CallbackToken: step.token,
				OutputParameters: [{ Name: 'approved', Value: 'true' }],
			}),
		);

		expect(response.PipelineExecutionArn).toBe(step.pipelineExecutionArn);
		expect(response.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
		const state = emulator.sageMaker.step(step.token)!;
		expect(state).toMatchObject({
			status: 'Succeeded',
			completions: 1,
			outputParameters: [{ Name: 'approved', Value: 'true' }],
		});
		expect(state.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/); // the SDK fills a uuid
		expect(emulator.sageMaker.executions.get(step.pipelineExecutionArn)!.status).toBe('Succeeded');
		const [recorded] = emulator.requests;
		expect(recorded).toMatchObject({
			service: 'sagemaker',
			operation: 'SendPipelineExecutionStepSuccess',
			status: 200,
		});
		expect(recorded.headers['x-amz-target']).toBe('SageMaker.SendPipelineExecutionStepSuccess');
		expect(recorded.clientRequestToken).toBe(state.clientRequestToken);
	});

	it('fails a step with a reason, which fails the execution', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		await sageMaker().send(
			new SendPipelineExecutionStepFailureCommand({
				CallbackToken: step.token,
				FailureReason: 'rejected by reviewer',
			}),
		);
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Failed',
			failureReason: 'rejected by reviewer',
		});
		expect(emulator.sageMaker.executions.get(step.pipelineExecutionArn)!.status).toBe('Failed');
	});

	it('answers with AWS JSON 1.1 headers', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		const response = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'SageMaker.SendPipelineExecutionStepSuccess',
			},
			body: JSON.stringify({ CallbackToken: step.token }),
			sign: { service: 'sagemaker' },
		});
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
		expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
		expect(response.json()).toEqual({ PipelineExecutionArn: step.pipelineExecutionArn });
	});
});

describe('SigV4 verification', () => {
	it('rejects a wrong secret with InvalidSignatureException and explains the canonical request', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		const error = await failure(
			sageMaker({
				credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
			}).send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token })),
		);
		expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
		expect(error.message).toContain(
			'The request signature we calculated does not match the signature you provided.',
		);
		expect(error.message).toContain('x-amz-target:SageMaker.SendPipelineExecutionStepSuccess');
		expect(emulator.sageMaker.step(step.token)!.status).toBe('Executing');
	});

	it('rejects an unknown access key with UnrecognizedClientException', async () => {
		const error = await failure(
			sageMaker({
				credentials: { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: 'x' },
			}).send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'abcdefghij' })),
		);
		expect(error).toMatchObject({
			name: 'UnrecognizedClientException',
			status: 400,
			message: 'The security token included in the request is invalid.',
		});
	});

	it('rejects a credential scoped to another region', async () => {
		const error = await failure(
			sageMaker({ region: 'eu-west-1' }).send(
				new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'abcdefghij' }),
			),
		);
		expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
		expect(error.message).toContain(
			"Credential should be scoped to a valid region, not 'eu-west-1'.",
		);
	});

	it('accepts extra regions when configured', async () => {
		const other = await startEmulator({ extraRegions: ['eu-west-1'] });
		try {
			const step = other.sageMaker.createCallbackStep();
			const client = new SageMakerClient(clientConfig(other, { region: 'eu-west-1' }));
			await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }));
			client.destroy();
			expect(other.sageMaker.step(step.token)!.status).toBe('Succeeded');
		} finally {
			await other.close();
		}
	});

	it('rejects a credential scoped to another service', async () => {
		const response = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'SageMaker.SendPipelineExecutionStepSuccess',
			},
			body: JSON.stringify({ CallbackToken: 'abcdefghij' }),
			sign: { service: '127' }, // what a host-derived signing name gives for 127.0.0.1
		});
		expect(response.status).toBe(400);
		expect(response.json()).toEqual({
			__type: 'InvalidSignatureException',
			message: "Credential should be scoped to correct service: 'sagemaker'. ",
		});
		expect(response.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
	});

	it('rejects a request signed too long ago with "Signature expired"', async () => {
		const error = await failure(
			sageMaker({ systemClockOffset: -10 * 60 * 1000, maxAttempts: 1 }).send(
				new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'abcdefghij' }),
			),
		);
		expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
		expect(error.message).toMatch(
			/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
		);
	});

	it('honours a configured clock skew tolerance', async () => {
		const strict = await startEmulator({ clockSkewToleranceSec: 30 });
		try {
			const client = new SageMakerClient(
				clientConfig(strict, { systemClockOffset: 60_000, maxAttempts: 1 }),
			);
			const error = await failure(
				client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'abcdefghij' })),
			);
			client.destroy();
			expect(error.message).toMatch(/^Signature not yet current: .* \+ 1 min\.\)$/);
		} finally {
			await strict.close();
		}
	});

	it('rejects a request without Authorization', async () => {
		const response = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'SageMaker.SendPipelineExecutionStepSuccess',
			},
			body: '{}',
			sign: false,
		});
		expect(response.status).toBe(403);
		expect(response.json()).toEqual({
			__type: 'MissingAuthenticationTokenException',
			message: 'Missing Authentication Token',
		});
	});

	it('accepts added keys with a session token and enforces the token and its expiry', async () => {
		emulator.addCredentials({
			accessKeyId: 'ASIAEMULATORTEMP0001',
			secretAccessKey: 'temp-secret',
			sessionToken: 'token-1',
		});
		emulator.addCredentials({
			accessKeyId: 'ASIAEMULATORTEMP0002',
			secretAccessKey: 'temp-secret',
			sessionToken: 'token-2',
			expiresAt: Date.now() - 1000,
		});
		const step = emulator.sageMaker.createCallbackStep();
		const command = () =>
			new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token });

		const withoutToken = await failure(
			sageMaker({
				credentials: { accessKeyId: 'ASIAEMULATORTEMP0001', secretAccessKey: 'temp-secret' },
			}).send(command()),
		);
		expect(withoutToken.name).toBe('UnrecognizedClientException');

		const expired = await failure(
			sageMaker({
				credentials: {
					accessKeyId: 'ASIAEMULATORTEMP0002',
					secretAccessKey: 'temp-secret',
					sessionToken: 'token-2',
				},
			}).send(command()),
		);
		expect(expired).toMatchObject({
			name: 'ExpiredTokenException',
			status: 400,
			message: 'The security token included in the request is expired',
		});

		await sageMaker({
			credentials: {
				accessKeyId: 'ASIAEMULATORTEMP0001',
				secretAccessKey: 'temp-secret',
				sessionToken: 'token-1',
			},
		}).send(command());
		expect(emulator.sageMaker.step(step.token)!.status).toBe('Succeeded');
	});

	it('refuses a JSON request with the wrong content type', async () => {
		const response = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/json',
				'x-amz-target': 'SageMaker.SendPipelineExecutionStepSuccess',
			},
			body: JSON.stringify({ CallbackToken: 'abcdefghij' }),
			sign: { service: 'sagemaker' },
		});
		expect(response.status).toBe(404);
		expect(response.json().__type).toBe('UnknownOperationException');
		expect(response.json().message).toContain("requires 'application/x-amz-json-1.1'");
	});
});

describe('botocore limits', () => {
	const send = (input: Record<string, unknown>) =>
		failure(sageMaker().send(new SendPipelineExecutionStepSuccessCommand(input as never)));

	it('needs a 10-character alphanumeric token, and never echoes it', async () => {
		const short = await send({ CallbackToken: 'abc' });
		expect(short).toMatchObject({ name: 'ValidationException', status: 400 });
		expect(short.message).toBe(
			"1 validation error detected: Value '***' at 'callbackToken' failed to satisfy constraint: Member must have length greater than or equal to 10",
		);
		const symbols = await send({ CallbackToken: 'abc-def_gh' });
		expect(symbols.message).toContain(
			'Member must satisfy regular expression pattern: [a-zA-Z0-9]+',
		);
		expect(symbols.message).not.toContain('abc-def_gh');
	});

	it('limits output parameters to 50, names to 256 and values to 1024 characters', async () => {
		const token = emulator.sageMaker.createCallbackStep().token;
		const many = Array.from({ length: 51 }, (_, i) => ({ Name: `p${i}`, Value: 'v' }));
		expect((await send({ CallbackToken: token, OutputParameters: many })).message).toBe(
			"1 validation error detected: Value with 51 items at 'outputParameters' failed to satisfy constraint: Member must have length less than or equal to 50",
		);
		const long = await send({
			CallbackToken: token,
			OutputParameters: [{ Name: 'n'.repeat(257), Value: 'secret-'.repeat(200) }],
		});
		expect(long.message).toMatch(/^2 validation errors detected: /);
		expect(long.message).toContain(
			"at 'outputParameters.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 256",
		);
		expect(long.message).toContain(
			"Value '***' at 'outputParameters.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 1024",
		);
		expect(long.message).not.toContain('secret-');
		expect(emulator.sageMaker.step(token)!.status).toBe('Executing');
	});

	it('treats a number where a string belongs as a SerializationException, as the JSON protocol does', async () => {
		const token = emulator.sageMaker.createCallbackStep().token;
		const error = await send({
			CallbackToken: token,
			OutputParameters: [{ Name: 'score', Value: 3 }],
		});
		expect(error).toMatchObject({ name: 'SerializationException', status: 400 });
		expect(error.message).toContain("'outputParameters.1.member.value'");
	});

	it('limits the failure reason to 256 characters and the client request token to 32-128', async () => {
		const token = emulator.sageMaker.createCallbackStep().token;
		const reason = await failure(
			sageMaker().send(
				new SendPipelineExecutionStepFailureCommand({
					CallbackToken: token,
					FailureReason: 'x'.repeat(257),
				}),
			),
		);
		expect(reason.message).toContain(
			"at 'failureReason' failed to satisfy constraint: Member must have length less than or equal to 256",
		);
		const crt = await send({ CallbackToken: token, ClientRequestToken: 'short' });
		expect(crt.message).toBe(
			"1 validation error detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
		);
	});

	it('rejects a member the API does not have (a typo AWS would silently drop)', async () => {
		// The SDK drops members its model lacks, so this takes a hand-made request, as a hand-rolled client sends.
		const token = emulator.sageMaker.createCallbackStep().token;
		const response = await rawRequest(emulator, {
			headers: {
				'content-type': 'application/x-amz-json-1.1',
				'x-amz-target': 'SageMaker.SendPipelineExecutionStepSuccess',
			},
			body: JSON.stringify({ CallbackToken: token, OutputParameter: [] }),
			sign: { service: 'sagemaker' },
		});
		expect(response.status).toBe(400);
		expect(response.json().__type).toBe('com.amazon.coral.service#SerializationException');
		expect(response.json().message).toContain("Unknown member 'OutputParameter'");
	});
});

describe('token state and idempotency', () => {
	it('answers ResourceNotFound for an unknown token', async () => {
		const error = await failure(
			sageMaker().send(
				new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'Zz00000000' }),
			),
		);
		expect(error).toMatchObject({ name: 'ResourceNotFound', status: 400 });
	});

	it('answers ResourceNotFound when a finished token is completed again', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		await sageMaker().send(
			new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }),
		);
		const again = await failure(
			sageMaker().send(
				new SendPipelineExecutionStepFailureCommand({
					CallbackToken: step.token,
					FailureReason: 'late',
				}),
			),
		);
		expect(again.name).toBe('ResourceNotFound');
		expect(again.message).toContain('not found or already used');
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
		});
	});

	it('replays the same ClientRequestToken and payload without a second completion', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		const input = {
			CallbackToken: step.token,
			ClientRequestToken: 'crt-0000000000000000000000000000001',
			OutputParameters: [{ Name: 'a', Value: '1' }],
		};
		const first = await sageMaker().send(new SendPipelineExecutionStepSuccessCommand(input));
		const second = await sageMaker().send(new SendPipelineExecutionStepSuccessCommand(input));
		expect(second.PipelineExecutionArn).toBe(first.PipelineExecutionArn);
		expect(emulator.sageMaker.step(step.token)).toMatchObject({
			status: 'Succeeded',
			completions: 1,
			replays: 1,
		});
	});

	it('refuses the same ClientRequestToken with a different payload', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		const crt = 'crt-0000000000000000000000000000002';
		await sageMaker().send(
			new SendPipelineExecutionStepSuccessCommand({
				CallbackToken: step.token,
				ClientRequestToken: crt,
			}),
		);
		const error = await failure(
			sageMaker().send(
				new SendPipelineExecutionStepSuccessCommand({
					CallbackToken: step.token,
					ClientRequestToken: crt,
					OutputParameters: [{ Name: 'a', Value: '2' }],
				}),
			),
		);
		expect(error.name).toBe('ValidationException');
		expect(error.message).toContain('already used with different parameters');
	});
});

describe('faults', () => {
	it('throttles; the SDK retries and succeeds', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({ operation: 'SendPipelineExecutionStepSuccess', kind: 'throttle' });
		await sageMaker().send(
			new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }),
		);
		expect(emulator.requests.map((r) => [r.status, r.errorCode])).toEqual([
			[400, 'ThrottlingException'],
			[200, undefined],
		]);
		// The SDK reuses its ClientRequestToken on the retry: that is what makes retries safe.
		expect(emulator.requests[0].clientRequestToken).toBe(emulator.requests[1].clientRequestToken);
		expect(emulator.sageMaker.step(step.token)!.completions).toBe(1);
	});

	it('answers a server error, and any scripted error', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		const client = sageMaker({ maxAttempts: 1 });
		emulator.faults.inject({ kind: 'serverError' });
		expect(
			await failure(
				client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token })),
			),
		).toMatchObject({
			name: 'InternalFailure',
			status: 500,
		});
		emulator.faults.inject({
			kind: 'error',
			code: 'AccessDeniedException',
			status: 400,
			message: 'User is not authorized',
		});
		expect(
			await failure(
				client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token })),
			),
		).toMatchObject({
			name: 'AccessDeniedException',
			status: 400,
			message: 'User is not authorized',
		});
		await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }));
	});

	it('drops the connection, which the SDK reports as a network error', async () => {
		const step = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({ kind: 'drop' });
		const error = await failure(
			sageMaker({ maxAttempts: 1 }).send(
				new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }),
			),
		);
		expect(error.status).toBeUndefined();
		expect(`${error.code ?? ''} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
		expect(emulator.requests[0]).toMatchObject({ status: 0, errorCode: 'ConnectionDropped' });
		expect(emulator.sageMaker.step(step.token)!.status).toBe('Executing');
	});

	it('scopes a fault to its operation and counts it down', async () => {
		const first = emulator.sageMaker.createCallbackStep();
		const second = emulator.sageMaker.createCallbackStep();
		emulator.faults.inject({
			operation: 'SendPipelineExecutionStepFailure',
			kind: 'serverError',
			times: 2,
		});
		const client = sageMaker({ maxAttempts: 1 });
		await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: first.token }));
		for (let i = 0; i < 2; i++) {
			expect(
				(
					await failure(
						client.send(
							new SendPipelineExecutionStepFailureCommand({ CallbackToken: second.token }),
						),
					)
				).status,
			).toBe(500);
		}
		await client.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: second.token }));
		expect(emulator.sageMaker.step(second.token)!.status).toBe('Failed');
	});

	it('adds latency, per request and globally', async () => {
		const client = sageMaker();
		const timed = async () => {
			const step = emulator.sageMaker.createCallbackStep();
			const started = Date.now();
			await client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }));
			return Date.now() - started;
		};
		await timed(); // warm the connection
		emulator.faults.inject({ kind: 'latency', ms: 150 });
		expect(await timed()).toBeGreaterThanOrEqual(145);
		emulator.setLatency(100);
		expect(await timed()).toBeGreaterThanOrEqual(95);
	});
});
