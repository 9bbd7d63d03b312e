/**
 * No secret in any error, log line or output. AWS answers a signature mismatch with the canonical request it
 * computed — including the `x-amz-security-token:` header — and the string to sign (the emulator does the
 * same). Whatever the endpoint writes, the session token, the secret key, the Authorization header and the
 * signature never reach the node's error (message, description, context, cause), its output under continue
 * on fail, the trigger's log and error reports, the credential test or Assume Role's errors; the useful part
 * ("the signature did not match: check the secret access key") stays.
 */
import { createServer } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import { chain, runWorkflow, sageMakerNode, startNode } from '../harness/engine';
import { activateTrigger, triggerNode } from '../harness/trigger';
import { testCredential } from '../harness/credentialTest';
import { emulatorCredential, requestsFor, useEmulator } from '../harness/emulator';
import { captureLogs, secretsIn } from './helpers';

const ctx = useEmulator();

// Made-up temporary keys: the emulator knows the key and the token, the credential has a wrong secret.
const TEMP_KEY = 'ASIAFAKE0SECURITY000';
const RIGHT_SECRET = 'right-secret-known-only-to-the-emulator-00';
const WRONG_SECRET = 'wrong-secret-typed-in-the-credential-0000';
const SESSION_TOKEN = 'FAKE-SESSION-TOKEN-IQoJb3JpZ2luX2VjEXAMPLE-do-not-leak-0123456789';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';

function temporaryKeyCredential(overrides: IDataObject = {}) {
	return emulatorCredential(ctx.emulator, {
		accessKeyId: TEMP_KEY,
		secretAccessKey: WRONG_SECRET,
		sessionToken: SESSION_TOKEN,
		...overrides,
	});
}

beforeEach(() => {
	ctx.emulator.addCredentials({
		accessKeyId: TEMP_KEY,
		secretAccessKey: RIGHT_SECRET,
		sessionToken: SESSION_TOKEN,
	});
});

/** The signatures the emulator received: they are secrets too (a replayable proof of the key). */
function signaturesSent(): string[] {
	return ctx.emulator.requests
		.map((request) => /Signature=([0-9a-f]+)/.exec(request.headers.authorization ?? '')?.[1] ?? '')
		.filter(Boolean);
}

const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe('a signature mismatch echoes the canonical request; nothing secret comes out of it', () => {
	test('the emulator answers like AWS: the session token is in its message (so the test below can fail)', async () => {
		const step = ctx.emulator.sageMaker.createCallbackStep();
		await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: { awsSageMakerApi: temporaryKeyCredential() },
			input: [{ token: step.token }],
		});
		const [request] = requestsFor(ctx.emulator, 'SendPipelineExecutionStepSuccess');
		expect(request.errorCode).toBe('InvalidSignatureException');
	});

	test.each([false, true])(
		'SageMaker (continue on fail: %s): error and output keep the hint, lose the secrets',
		async (continueOnFail) => {
			const step = ctx.emulator.sageMaker.createCallbackStep();
			const result = await runWorkflow({
				nodes: [
					startNode(),
					sageMakerNode(success, continueOnFail ? { onError: 'continueRegularOutput' } : {}),
				],
				connections: chain('Start', 'SageMaker'),
				credentials: { awsSageMakerApi: temporaryKeyCredential() },
				input: [{ token: step.token }],
			});
			const secrets = [SESSION_TOKEN, WRONG_SECRET, ...signaturesSent()];
			const error = continueOnFail ? undefined : result.error('SageMaker');
			const shown = continueOnFail ? result.output('SageMaker')[0].json : error;
			expect(
				JSON.stringify(
					continueOnFail ? shown : { message: error?.message, description: error?.description },
				),
			).toMatch(/signature/i);
			expect(
				continueOnFail ? String((shown as IDataObject).description) : error?.description,
			).toMatch(/Secret Access Key/);
			expect(secretsIn(result.run, secrets)).toEqual([]);
			expect(JSON.stringify(result.run)).not.toMatch(
				/Canonical String|String-to-Sign|x-amz-security-token/i,
			);
		},
	);

	test('the trigger: activation fails with the hint and no secret; nothing secret is logged', async () => {
		const queueUrl = ctx.emulator.sqs.createQueue('secrets-1');
		const logs = captureLogs();
		let thrown: unknown;
		try {
			await activateTrigger({
				trigger: triggerNode({ queueUrl }),
				credentials: { awsSageMakerApi: temporaryKeyCredential() },
			});
		} catch (error) {
			thrown = error;
		} finally {
			logs.restore();
		}
		expect((thrown as Error)?.message).toMatch(/signature/i);
		expect(requestsFor(ctx.emulator, 'ReceiveMessage')[0]?.errorCode).toBe('SignatureDoesNotMatch');
		expect(
			secretsIn([thrown, logs.lines], [SESSION_TOKEN, WRONG_SECRET, ...signaturesSent()]),
		).toEqual([]);
	});

	test('the trigger while polling: an endpoint echoing the token in any error — logged and reported without it', async () => {
		const queueUrl = ctx.emulator.sqs.createQueue('secrets-2');
		const credential = emulatorCredential(ctx.emulator, {
			accessKeyId: TEMP_KEY,
			secretAccessKey: RIGHT_SECRET,
			sessionToken: SESSION_TOKEN,
		});
		const logs = captureLogs();
		try {
			const trigger = await activateTrigger({
				trigger: triggerNode({ queueUrl }),
				credentials: { awsSageMakerApi: credential },
			});
			ctx.emulator.faults.inject({
				operation: 'ReceiveMessage',
				kind: 'error',
				code: 'AccessDenied',
				status: 403,
				message: `Access to the resource is denied. Authorization: AWS4-HMAC-SHA256 Credential=${TEMP_KEY}/x, Signature=abc x-amz-security-token:${SESSION_TOKEN} secret ${RIGHT_SECRET}`,
			});
			const error = await trigger.waitForError(30_000);
			await trigger.close();
			expect(error.message).toMatch(/AccessDenied/);
			expect(
				secretsIn(
					[error, trigger.errors, trigger.failedExecutions, logs.lines],
					[SESSION_TOKEN, RIGHT_SECRET],
				),
			).toEqual([]);
		} finally {
			logs.restore();
		}
	});

	test('the credential test (STS GetCallerIdentity): refused without the token', async () => {
		const result = await testCredential({ awsSageMakerApi: temporaryKeyCredential() });
		expect(result.status).toBe('Error');
		expect(requestsFor(ctx.emulator, 'GetCallerIdentity')[0]?.errorCode).toBe(
			'SignatureDoesNotMatch',
		);
		expect(secretsIn(result, [SESSION_TOKEN, WRONG_SECRET, ...signaturesSent()])).toEqual([]);
	});

	test('Assume Role with source keys whose signature does not match: the error names the field, no secret', async () => {
		ctx.emulator.sts.addRole({ roleArn: ROLE_ARN });
		const step = ctx.emulator.sageMaker.createCallbackStep();
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: {
				awsSageMakerApi: temporaryKeyCredential({
					authentication: 'assumeRole',
					roleArn: ROLE_ARN,
				}),
			},
			input: [{ token: step.token }],
		});
		expect(result.error('SageMaker')?.message).toMatch(/signature/i);
		expect(secretsIn(result.run, [SESSION_TOKEN, WRONG_SECRET, ...signaturesSent()])).toEqual([]);
	});

	test('Assume Role: an STS answer echoing the source token and secret in any message is scrubbed', async () => {
		ctx.emulator.sts.addRole({ roleArn: ROLE_ARN });
		ctx.emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'error',
			code: 'AccessDenied',
			status: 403,
			message: `User is not authorized. x-amz-security-token:${SESSION_TOKEN}\n secret=${RIGHT_SECRET} external tenant-secret-42`,
		});
		const step = ctx.emulator.sageMaker.createCallbackStep();
		const credential = emulatorCredential(ctx.emulator, {
			accessKeyId: TEMP_KEY,
			secretAccessKey: RIGHT_SECRET,
			sessionToken: SESSION_TOKEN,
			authentication: 'assumeRole',
			roleArn: ROLE_ARN,
			externalId: 'tenant-secret-42',
		});
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: { awsSageMakerApi: credential },
			input: [{ token: step.token }],
		});
		expect(result.error('SageMaker')?.message).toMatch(/AccessDenied/);
		expect(secretsIn(result.run, [SESSION_TOKEN, RIGHT_SECRET, 'tenant-secret-42'])).toEqual([]);
	});

	test("the assumed role's own session token and secret, echoed by SageMaker, are scrubbed too", async () => {
		ctx.emulator.sts.addRole({ roleArn: ROLE_ARN });
		const store = {
			awsSageMakerApi: emulatorCredential(ctx.emulator, {
				authentication: 'assumeRole',
				roleArn: ROLE_ARN,
			}),
		};
		const first = ctx.emulator.sageMaker.createCallbackStep();
		const run = async (token: string) =>
			await runWorkflow({
				nodes: [startNode(), sageMakerNode(success)],
				connections: chain('Start', 'SageMaker'),
				credentials: store,
				input: [{ token }],
			});
		expect((await run(first.token)).error('SageMaker')).toBeUndefined();
		const session = JSON.parse(String(store.awsSageMakerApi.assumedRoleSession)) as {
			secretAccessKey: string;
			sessionToken: string;
		};
		ctx.emulator.faults.inject({
			operation: 'SendPipelineExecutionStepSuccess',
			kind: 'error',
			code: 'InvalidSignatureException',
			status: 400,
			message: `The request signature we calculated does not match. Something ${session.sessionToken} and ${session.secretAccessKey}`,
		});
		const second = ctx.emulator.sageMaker.createCallbackStep();
		const result = await run(second.token);
		expect(result.error('SageMaker')?.message).toMatch(/signature/i);
		expect(
			secretsIn(result.run, [
				session.sessionToken,
				session.secretAccessKey,
				EMULATOR_CREDENTIALS.secretAccessKey,
			]),
		).toEqual([]);
	});
});

describe('a custom endpoint with a user name and password in it', () => {
	test('Assume Role finding no STS there names the endpoint without them', async () => {
		const password = 'proxy-password-typed-in-the-url-0123';
		const closedPort = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as { port: number };
				server.close(() => resolve(port));
			});
		});
		ctx.emulator.sts.addRole({ roleArn: ROLE_ARN });
		const step = ctx.emulator.sageMaker.createCallbackStep();
		const result = await runWorkflow({
			nodes: [startNode(), sageMakerNode(success)],
			connections: chain('Start', 'SageMaker'),
			credentials: {
				awsSageMakerApi: emulatorCredential(ctx.emulator, {
					authentication: 'assumeRole',
					roleArn: ROLE_ARN,
					stsEndpoint: `http://proxy-user:${password}@127.0.0.1:${closedPort}`,
				}),
			},
			input: [{ token: step.token }],
		});
		expect(result.error('SageMaker')?.message).toBe(
			`Assume Role failed: no answer from STS at http://127.0.0.1:${closedPort}/ (connection refused)`,
		);
		expect(secretsIn(result.run, [password, 'proxy-user'])).toEqual([]);
	});
});
