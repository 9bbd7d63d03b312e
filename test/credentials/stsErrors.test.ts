/**
 * Every way assuming the role goes wrong, as the user meets it in the node's error: the message names the
 * credential field to fix and ends with AWS's code, the description says how, no secret appears anywhere
 * in the run, and nothing reaches SageMaker. Malformed fields are caught before any call to STS.
 */
import { createServer } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import { requestsFor, useEmulator } from '../harness/emulator';
import {
	assumeRoleRequests,
	assumeRoleStore,
	completeSteps,
	expectNoSecrets,
	ROLE_ARN,
} from './helpers';

const ctx = useEmulator();

async function failWith(overrides: IDataObject) {
	const { emulator } = ctx;
	const step = emulator.sageMaker.createCallbackStep();
	const result = await completeSteps(assumeRoleStore(emulator, overrides), [step.token]);
	const error = result.error('SageMaker');
	expect(error).toBeDefined();
	expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');
	expect(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')).toHaveLength(0);
	expectNoSecrets(result, [
		EMULATOR_CREDENTIALS.secretAccessKey,
		String(overrides.secretAccessKey ?? EMULATOR_CREDENTIALS.secretAccessKey),
	]);
	return { result, message: error!.message, description: error!.description ?? '' };
}

describe('Assume Role: STS refusals', () => {
	test('a role that does not trust the source keys: AccessDenied, naming the role, the keys and the trust policy', async () => {
		const { message, description } = await failWith({});
		expect(message).toMatch(/^Assume Role failed: .*"Access Key ID".*"Role ARN"/);
		expect(message).toContain(
			`User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
		);
		expect(message).toMatch(/\[AccessDenied\]$/);
		expect(description).toMatch(/trust policy/);
		expect(description).toMatch(/"External ID" is empty/);
	});

	test('a wrong external ID: AccessDenied pointing at "External ID", which is never echoed', async () => {
		ctx.emulator.sts.addRole({ roleArn: ROLE_ARN, externalId: 'tenant-42' });
		const { result, message, description } = await failWith({ externalId: 'tenant-43' });
		expect(message).toMatch(/\[AccessDenied\]$/);
		expect(description).toContain(
			'"External ID" matches the trust policy\'s sts:ExternalId condition',
		);
		expectNoSecrets(result, ['tenant-43', 'tenant-42']);
	});

	test('expired temporary source keys: ExpiredToken, naming "Session Token"', async () => {
		ctx.emulator.addCredentials({
			accessKeyId: 'ASIASOURCE0EXAMPLE01',
			secretAccessKey: 'source-secret-example-not-real',
			sessionToken: 'source-session-token-example',
			expiresAt: Date.now() - 60_000,
		});
		const { result, message, description } = await failWith({
			accessKeyId: 'ASIASOURCE0EXAMPLE01',
			secretAccessKey: 'source-secret-example-not-real',
			sessionToken: 'source-session-token-example',
		});
		expect(message).toBe(
			'Assume Role failed: the source keys have expired: "Session Token" is no longer valid [ExpiredToken]',
		);
		expect(description).toMatch(
			/Put fresh "Access Key ID", "Secret Access Key" and "Session Token"/,
		);
		expectNoSecrets(result, ['source-session-token-example']);
	});

	test('an unknown source key: InvalidClientTokenId, naming "Access Key ID"', async () => {
		const { message } = await failWith({ accessKeyId: 'AKIDNOTKNOWN00000000' });
		expect(message).toMatch(
			/^Assume Role failed: AWS does not know the source key in "Access Key ID".*\[InvalidClientTokenId\]$/,
		);
	});

	test('a wrong source secret: SignatureDoesNotMatch, naming "Secret Access Key"', async () => {
		const { message } = await failWith({
			secretAccessKey: 'wrongSecretValue/DoNotLeak0123456789abc',
		});
		expect(message).toMatch(
			/"Secret Access Key" does not belong to "Access Key ID" \[SignatureDoesNotMatch\]$/,
		);
	});

	test('a duration the role does not allow: names "Session Duration (Seconds)"', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'error',
			code: 'ValidationError',
			status: 400,
			message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
		});
		const { message, description } = await failWith({ durationSeconds: 43200 });
		expect(message).toMatch(
			/^Assume Role failed: "Session Duration \(Seconds\)" is longer than the role allows.*\[ValidationError\]$/,
		);
		expect(description).toMatch(/Maximum session duration/);
	});

	test('STS not activated in the region: names the region', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.faults.inject({
			operation: 'AssumeRole',
			kind: 'error',
			code: 'RegionDisabledException',
			status: 403,
			message: 'STS is not activated in this region for account:123456789012.',
		});
		const { message, description } = await failWith({});
		expect(message).toMatch(
			/STS is not activated in us-east-1 for this account \[RegionDisabledException\]$/,
		);
		expect(description).toMatch(/"STS Endpoint"/);
	});

	test('STS cutting the connection is retried like the AWS SDK (3 attempts), then named', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.faults.inject({ operation: 'AssumeRole', kind: 'drop', times: 3 });
		const { message } = await failWith({});
		expect(message).toBe(
			`Assume Role failed: no answer from STS at ${emulator.url}/ (connection reset)`,
		);
		expect(assumeRoleRequests(emulator)).toHaveLength(3);
	});

	test('no answer from STS: names the STS endpoint', async () => {
		const closedPort = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as { port: number };
				server.close(() => resolve(port));
			});
		});
		const { message, description } = await failWith({
			stsEndpoint: `http://127.0.0.1:${closedPort}`,
		});
		expect(message).toBe(
			`Assume Role failed: no answer from STS at http://127.0.0.1:${closedPort}/ (connection refused)`,
		);
		expect(description).toMatch(/^Check "STS Endpoint".* Network error code: ECONNREFUSED\.$/);
	});

	test('throttled STS is retried and the step still completes', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.faults.inject({ operation: 'AssumeRole', kind: 'throttle', times: 2 });
		const step = emulator.sageMaker.createCallbackStep();
		const result = await completeSteps(assumeRoleStore(emulator), [step.token]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(assumeRoleRequests(emulator).map((request) => request.status)).toEqual([400, 400, 200]);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
	});

	test('a refusal is asked once per execution, not once per item', async () => {
		const { emulator } = ctx;
		const steps = Array.from({ length: 12 }, () => emulator.sageMaker.createCallbackStep());
		const result = await completeSteps(
			assumeRoleStore(emulator),
			steps.map((s) => s.token),
			{
				node: { onError: 'continueRegularOutput' },
			},
		);
		const items = result.output('SageMaker');
		expect(items).toHaveLength(12);
		expect(items.every((item) => /\[AccessDenied\]$/.test(String(item.json.error)))).toBe(true);
		expect(assumeRoleRequests(emulator)).toHaveLength(1);
	});
});

describe('Assume Role: fields checked before calling STS', () => {
	test.each([
		['empty', '', /"Role ARN": it is empty/],
		['a role name alone', 'n8n-callbacks', /"Role ARN": "n8n-callbacks" is not an IAM role ARN$/],
		[
			'an IAM user',
			'arn:aws:iam::123456789012:user/ci',
			/is not an IAM role ARN \(that is an IAM user, not a role\)$/,
		],
		[
			'a role session',
			`${'arn:aws:sts::123456789012:assumed-role/n8n-callbacks/n8n'}`,
			/is a role session, not a role$/,
		],
		['an account id too short', 'arn:aws:iam::12345:role/n8n-callbacks', /is not an IAM role ARN$/],
		[
			'another partition than the region',
			'arn:aws-cn:iam::123456789012:role/n8n-callbacks',
			/the role is in the aws-cn partition but the region us-east-1 is in aws$/,
		],
	])('Role ARN: %s', async (_case, roleArn, expected) => {
		const { message, description } = await failWith({ roleArn });
		expect(message).toMatch(/^Credential field "(Role ARN)"/);
		expect(message).toMatch(expected);
		expect(description.length).toBeGreaterThan(0);
		expect(assumeRoleRequests(ctx.emulator)).toHaveLength(0);
	});

	test.each([
		[
			'Role Session Name',
			{ roleSessionName: 'has space' },
			/"Role Session Name": "has space" is not a valid session name$/,
		],
		[
			'Role Session Name',
			{ roleSessionName: 'x' },
			/"Role Session Name": "x" is not a valid session name$/,
		],
		['Role Session Name', { roleSessionName: 'n'.repeat(65) }, /is not a valid session name$/],
		[
			'Session Duration (Seconds)',
			{ durationSeconds: 899 },
			/"Session Duration \(Seconds\)": 899 is out of range$/,
		],
		['Session Duration (Seconds)', { durationSeconds: 43201 }, /43201 is out of range$/],
		['Session Duration (Seconds)', { durationSeconds: 'an hour' }, /it is not a number$/],
		['External ID', { externalId: 'x' }, /"External ID": it must be 2–1224 characters/],
		['External ID', { externalId: 'has space-secret' }, /"External ID": it must be/],
		[
			'Region Code',
			{ region: 'custom', customRegion: 'Mars' },
			/"Region Code": "mars" is not an AWS region code$/,
		],
		[
			'STS Endpoint',
			{ stsEndpoint: 'sts.us-east-1.amazonaws.com' },
			/"STS Endpoint" must be a URL starting with https:\/\/$/,
		],
	])('%s: %j', async (field, overrides, expected) => {
		const { result, message } = await failWith(overrides);
		expect(message).toContain(`"${field}"`);
		expect(message).toMatch(expected);
		expect(assumeRoleRequests(ctx.emulator)).toHaveLength(0);
		expectNoSecrets(result, ['has space-secret']);
	});
});
