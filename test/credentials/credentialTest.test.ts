/**
 * The editor's "Test" button, run the way n8n's CLI runs a credential test (test/harness/credentialTest.ts):
 * with Assume Role it checks the role's keys — AssumeRole, then GetCallerIdentity signed by the role —
 * and a failure says which field to fix and which identity AWS saw.
 */
import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import { testCredential } from '../harness/credentialTest';
import { emulatorCredential, requestsFor, useEmulator } from '../harness/emulator';
import { assumeRoleStore, completeSteps, ROLE_ARN, signingKeyOf } from './helpers';

const ctx = useEmulator();

describe('Test credential', () => {
	test('Access Key: GetCallerIdentity with the typed keys succeeds', async () => {
		const { emulator } = ctx;
		expect(await testCredential({ awsSageMakerApi: emulatorCredential(emulator) })).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [call] = requestsFor(emulator, 'GetCallerIdentity');
		expect(signingKeyOf(call)).toBe(EMULATOR_CREDENTIALS.accessKeyId);
		expect(requestsFor(emulator, 'AssumeRole')).toHaveLength(0);
	});

	test('Access Key: refused keys get a message naming the fields, not just "Forbidden"', async () => {
		const { emulator } = ctx;
		const answer = await testCredential({
			awsSageMakerApi: emulatorCredential(emulator, { secretAccessKey: 'wrong-secret-not-real' }),
		});
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(
			/^AWS refused these keys: check Access Key ID, Secret Access Key and .*Session Token/,
		);
	});

	test("Assume Role: the test assumes the role and checks the identity with the role's keys", async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		const answer = await testCredential(assumeRoleStore(emulator));

		expect(answer).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [assume, whoAmI] = emulator.requests;
		expect([assume.operation, whoAmI.operation]).toEqual(['AssumeRole', 'GetCallerIdentity']);
		expect(signingKeyOf(assume)).toBe(EMULATOR_CREDENTIALS.accessKeyId);
		expect(signingKeyOf(whoAmI)).toMatch(/^ASIA/);
		expect(whoAmI.headers['x-amz-security-token']).toEqual(expect.any(String));
	});

	test('Assume Role: a refused role fails the test, naming the field and the identity AWS saw', async () => {
		const { emulator } = ctx;
		const answer = await testCredential(assumeRoleStore(emulator));
		expect(answer.status).toBe('Error');
		expect(answer.message).toMatch(
			/^Assume Role failed: STS refused to let the keys in "Access Key ID" assume the role in "Role ARN"/,
		);
		expect(answer.message).toContain(
			'User: arn:aws:iam::123456789012:user/emulator is not authorized',
		);
		expect(requestsFor(emulator, 'GetCallerIdentity')).toHaveLength(0);
	});

	test('Assume Role: a malformed role ARN fails the test before any call', async () => {
		const { emulator } = ctx;
		const answer = await testCredential(
			assumeRoleStore(emulator, { roleArn: 'role/n8n-callbacks' }),
		);
		expect(answer).toEqual({
			status: 'Error',
			message: 'Credential field "Role ARN": "role/n8n-callbacks" is not an IAM role ARN',
		});
		expect(emulator.requests).toHaveLength(0);
	});

	test('Assume Role: every test assumes the role afresh, and the next execution reuses what the test got', async () => {
		const { emulator } = ctx;
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		const store = assumeRoleStore(emulator);
		expect((await testCredential(store)).status).toBe('OK');
		expect((await testCredential(store)).status).toBe('OK');
		expect(requestsFor(emulator, 'AssumeRole')).toHaveLength(2);

		// n8n stores what pre-authentication returned during the test, so the first run starts with keys.
		const result = await completeSteps(store, [emulator.sageMaker.createCallbackStep().token]);
		expect(result.error('SageMaker')).toBeUndefined();
		expect(requestsFor(emulator, 'AssumeRole')).toHaveLength(2);
	});
});
