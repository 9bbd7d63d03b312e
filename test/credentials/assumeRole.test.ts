/**
 * Assume Role through the real n8n engine against the emulator's STS: the role's temporary keys sign
 * the SageMaker calls, one AssumeRole serves a whole execution and carries over to the next, and the keys
 * are renewed before they expire — or, when AWS says they expired anyway, once, with the request resent.
 */
import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import { requestsFor, useEmulator } from '../harness/emulator';
import { delay } from '../harness/wait';
import {
	assumeRoleRequests,
	assumeRoleStore,
	completeSteps,
	expectNoSecrets,
	ROLE_ARN,
	signingKeyOf,
} from './helpers';

const ctx = useEmulator();

beforeEach(() => ctx.emulator.sts.addRole({ roleArn: ROLE_ARN }));

function stepSuccesses() {
	return requestsFor(ctx.emulator, 'SendPipelineExecutionStepSuccess');
}

describe('Assume Role', () => {
	test("assumes the role with the source keys, then finishes the step with the role's temporary keys", async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await completeSteps(assumeRoleStore(emulator), [step.token]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(result.output('SageMaker')[0].json).toMatchObject({
			status: 'Succeeded',
			callbackToken: step.token,
		});
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');

		const [assume] = assumeRoleRequests(emulator);
		expect(signingKeyOf(assume)).toBe(EMULATOR_CREDENTIALS.accessKeyId);
		expect(assume.input).toEqual({
			RoleArn: ROLE_ARN,
			RoleSessionName: 'n8n-sagemaker-pipelines',
			DurationSeconds: '3600',
		});

		const [send] = stepSuccesses();
		expect(signingKeyOf(send)).toMatch(/^ASIA/);
		expect(send.headers['x-amz-security-token']).toEqual(expect.any(String));
		expectNoSecrets(result, [
			EMULATOR_CREDENTIALS.secretAccessKey,
			send.headers['x-amz-security-token'],
		]);
	});

	test('sends the external ID, session name and duration the credential asks for', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN, externalId: 'tenant-42' });
		const step = emulator.sageMaker.createCallbackStep();
		const store = assumeRoleStore(emulator, {
			externalId: 'tenant-42',
			roleSessionName: 'ops@n8n',
			durationSeconds: 900,
		});
		const result = await completeSteps(store, [step.token]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator)[0].input).toEqual({
			RoleArn: ROLE_ARN,
			RoleSessionName: 'ops@n8n',
			DurationSeconds: '900',
			ExternalId: 'tenant-42',
		});
	});

	test('one AssumeRole serves every item of an execution, however many requests run at once', async () => {
		const { emulator } = ctx;
		const steps = Array.from({ length: 40 }, () => emulator.sageMaker.createCallbackStep());
		const result = await completeSteps(
			assumeRoleStore(emulator),
			steps.map((s) => s.token),
			{ parameters: { options: { maxConcurrentRequests: 10 } } },
		);

		expect(result.output('SageMaker')).toHaveLength(40);
		expect(steps.every((s) => emulator.sageMaker.step(s.token)?.status === 'Succeeded')).toBe(true);
		expect(assumeRoleRequests(emulator)).toHaveLength(1);
		expect(new Set(stepSuccesses().map(signingKeyOf)).size).toBe(1);
		expect(result.credentialReads).toBe(1);
	});

	test('the keys carry over to the next execution, and are renewed shortly before they expire', async () => {
		const { emulator } = ctx;
		emulator.sts.setIssuedLifetimeSeconds(4);
		const store = assumeRoleStore(emulator);

		await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);
		const second = await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);
		expect(second.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator)).toHaveLength(1);
		const [first, next] = stepSuccesses().map(signingKeyOf);
		expect(next).toBe(first);

		// 4 s keys count as 3 s on this side (a second off for the Date header) and are renewed in their
		// last fifth: by 2.7 s they are due, well before AWS would refuse them.
		await delay(2700);
		const third = await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);
		expect(third.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator)).toHaveLength(2);
		expect(signingKeyOf(stepSuccesses()[2])).not.toBe(first);
		expect(stepSuccesses().every((request) => request.status === 200)).toBe(true);
	});

	test('a long execution renews the keys before they expire, with no request refused', async () => {
		const { emulator } = ctx;
		emulator.sts.setIssuedLifetimeSeconds(3);
		emulator.setLatency(150);
		const steps = Array.from({ length: 16 }, () => emulator.sageMaker.createCallbackStep());
		const result = await completeSteps(
			assumeRoleStore(emulator),
			steps.map((s) => s.token),
			{ parameters: { options: { maxConcurrentRequests: 1 } } },
		);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(steps.every((s) => emulator.sageMaker.step(s.token)?.status === 'Succeeded')).toBe(true);
		expect(stepSuccesses()).toHaveLength(16);
		expect(stepSuccesses().every((request) => request.status === 200)).toBe(true);
		expect(assumeRoleRequests(emulator).length).toBeGreaterThanOrEqual(2);
		expect(new Set(stepSuccesses().map(signingKeyOf)).size).toBe(
			assumeRoleRequests(emulator).length,
		);
	});

	test('when SageMaker answers ExpiredToken, the role is assumed again once and the request resent', async () => {
		const { emulator } = ctx;
		const store = assumeRoleStore(emulator);
		await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);
		// AWS ends the session early (keys revoked, or this host's clock runs behind AWS's).
		const [used] = stepSuccesses();
		emulator.addCredentials({
			accessKeyId: signingKeyOf(used),
			secretAccessKey: 'revoked',
			sessionToken: used.headers['x-amz-security-token'],
			expiresAt: Date.now() - 1000,
		});

		const step = emulator.sageMaker.createCallbackStep();
		const result = await completeSteps(store, [step.token]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
		const [, refused, resent] = stepSuccesses();
		expect(refused).toMatchObject({ status: 400, errorCode: 'ExpiredTokenException' });
		expect(signingKeyOf(refused)).toBe(signingKeyOf(used));
		expect(resent.status).toBe(200);
		expect(signingKeyOf(resent)).not.toBe(signingKeyOf(used));
		expect(assumeRoleRequests(emulator)).toHaveLength(2);
	});

	test('keys that are dead on arrival (an Expiration already past) are refused: no request is signed with them', async () => {
		const { emulator } = ctx;
		emulator.sts.setIssuedLifetimeSeconds(0);
		const step = emulator.sageMaker.createCallbackStep();
		const result = await completeSteps(assumeRoleStore(emulator), [step.token]);

		expect(result.error('SageMaker')?.message).toMatch(
			/Assume Role failed: STS answered without usable credentials \(they expired at .+, before they arrived\)/,
		);
		expect(stepSuccesses()).toHaveLength(0);
		expect(assumeRoleRequests(emulator)).toHaveLength(1);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');
	});

	test('changing the role in the credential drops keys made for the old one', async () => {
		const { emulator } = ctx;
		const otherRole = 'arn:aws:iam::123456789012:role/n8n-other';
		emulator.sts.addRole({ roleArn: otherRole });
		const store = assumeRoleStore(emulator);
		await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);

		store.awsSageMakerApi = { ...store.awsSageMakerApi, roleArn: otherRole };
		const result = await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator).map((request) => request.input.RoleArn)).toEqual([
			ROLE_ARN,
			otherRole,
		]);
		const [first, second] = stepSuccesses().map(signingKeyOf);
		expect(second).not.toBe(first);
	});

	test('Access Key mode never calls STS and signs with the typed keys', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const result = await completeSteps(assumeRoleStore(emulator, { authentication: 'accessKey' }), [
			step.token,
		]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator)).toHaveLength(0);
		expect(signingKeyOf(stepSuccesses()[0])).toBe(EMULATOR_CREDENTIALS.accessKeyId);
	});
});
