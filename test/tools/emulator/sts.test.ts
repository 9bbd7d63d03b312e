/**
 * The emulator's STS against the real @aws-sdk/client-sts: who-am-I answers, AssumeRole's trust checks and
 * limits, and the temporary keys it issues being accepted by SageMaker and refused once expired.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
	SageMakerClient,
	SendPipelineExecutionStepSuccessCommand,
} from '@aws-sdk/client-sagemaker';
import { EMULATOR_CREDENTIALS, type Emulator } from '../../../tools/emulator';
import { clientConfig, failure, rawRequest, useEmulatorFor } from './helpers';

let emulator: Emulator;
const clients: Array<{ destroy(): void }> = [];
const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';

function sts(overrides: Record<string, unknown> = {}): STSClient {
	const client = new STSClient(clientConfig(emulator, overrides));
	clients.push(client);
	return client;
}

async function assume(
	input: Partial<{
		RoleArn: string;
		RoleSessionName: string;
		ExternalId: string;
		DurationSeconds: number;
	}> = {},
) {
	const response = await sts().send(
		new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'n8n', ...input }),
	);
	const { AccessKeyId, SecretAccessKey, SessionToken } = response.Credentials!;
	return {
		response,
		credentials: {
			accessKeyId: AccessKeyId!,
			secretAccessKey: SecretAccessKey!,
			sessionToken: SessionToken!,
		},
	};
}

useEmulatorFor(clients, (started) => (emulator = started));

describe('GetCallerIdentity', () => {
	it('answers the emulator user, and counts calls', async () => {
		const identity = await sts().send(new GetCallerIdentityCommand({}));
		expect(identity).toMatchObject({
			Arn: 'arn:aws:iam::123456789012:user/emulator',
			Account: '123456789012',
			UserId: 'AIDAEMULATOR0EXAMPLE0',
		});
		expect(emulator.sts.calls).toEqual({ GetCallerIdentity: 1 });
	});

	it('speaks the Query protocol: form in, namespaced XML out', async () => {
		const response = await rawRequest(emulator, {
			headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
			body: 'Action=GetCallerIdentity&Version=2011-06-15',
			sign: { service: 'sts' },
		});
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('text/xml');
		expect(response.text).toMatch(
			/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user\/emulator<\/Arn><UserId>AIDAEMULATOR0EXAMPLE0<\/UserId><Account>123456789012<\/Account><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
		);
	});

	it('refuses a wrong secret and an unknown key with the query codes', async () => {
		const wrongSecret = await failure(
			sts({
				credentials: { accessKeyId: EMULATOR_CREDENTIALS.accessKeyId, secretAccessKey: 'nope' },
			}).send(new GetCallerIdentityCommand({})),
		);
		expect(wrongSecret).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
		const unknown = await failure(
			sts({ credentials: { accessKeyId: 'AKIDNOBODY0000000000', secretAccessKey: 'x' } }).send(
				new GetCallerIdentityCommand({}),
			),
		);
		expect(unknown).toMatchObject({
			name: 'InvalidClientTokenId',
			status: 403,
			message: 'The security token included in the request is invalid.',
		});
	});
});

describe('AssumeRole', () => {
	it('denies an unregistered role with a 403 XML ErrorResponse', async () => {
		const error = await failure(
			sts().send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'n8n' })),
		);
		expect(error).toMatchObject({
			name: 'AccessDenied',
			status: 403,
			message: `User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
		});
		const raw = await rawRequest(emulator, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(ROLE_ARN)}&RoleSessionName=n8n`,
			sign: { service: 'sts' },
		});
		expect(raw.text).toMatch(
			/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: .*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
		);
	});

	it('checks the external id and the trusted principals', async () => {
		emulator.sts.addRole({ roleArn: ROLE_ARN, externalId: 'tenant-42' });
		expect((await failure(assume())).name).toBe('AccessDenied');
		expect((await failure(assume({ ExternalId: 'tenant-43' }))).name).toBe('AccessDenied');
		await assume({ ExternalId: 'tenant-42' });

		emulator.sts.addRole({
			roleArn: 'arn:aws:iam::123456789012:role/other',
			allowedPrincipals: ['arn:aws:iam::123456789012:user/someone-else'],
		});
		expect((await failure(assume({ RoleArn: 'arn:aws:iam::123456789012:role/other' }))).name).toBe(
			'AccessDenied',
		);
	});

	it('enforces botocore limits as ValidationError', async () => {
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		const shortSession = await failure(assume({ RoleSessionName: 'a' }));
		expect(shortSession).toMatchObject({
			name: 'ValidationError',
			status: 400,
			message:
				"1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
		});
		expect((await failure(assume({ RoleSessionName: 'has space' }))).message).toContain(
			'Member must satisfy regular expression pattern',
		);
		expect((await failure(assume({ DurationSeconds: 899 }))).message).toContain(
			'Member must have value greater than or equal to 900',
		);
		expect((await failure(assume({ DurationSeconds: 43201 }))).message).toContain(
			'Member must have value less than or equal to 43200',
		);
		expect((await failure(assume({ ExternalId: 'x' }))).message).toContain("at 'externalId'");
		expect(
			(await failure(assume({ RoleArn: 'arn:aws:iam::123456789012:user/not-a-role' }))).name,
		).toBe('ValidationError');
	});

	it('issues temporary keys that SageMaker accepts, and who-am-I names the assumed role', async () => {
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		const before = Date.now();
		const { response, credentials } = await assume({ DurationSeconds: 900 });
		expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
		expect(credentials.sessionToken.length).toBeGreaterThan(100);
		expect(response.Credentials!.Expiration!.getTime()).toBeGreaterThanOrEqual(
			Math.floor(before / 1000) * 1000 + 899_000,
		);
		expect(response.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
		expect(response.AssumedRoleUser).toMatchObject({
			Arn: 'arn:aws:sts::123456789012:assumed-role/n8n-callbacks/n8n',
		});
		expect(response.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:n8n$/);

		const identity = await sts({ credentials }).send(new GetCallerIdentityCommand({}));
		expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/n8n-callbacks/n8n');

		const step = emulator.sageMaker.createCallbackStep();
		const sageMaker = new SageMakerClient(clientConfig(emulator, { credentials }));
		clients.push(sageMaker);
		await sageMaker.send(
			new SendPipelineExecutionStepSuccessCommand({ CallbackToken: step.token }),
		);
		expect(emulator.sageMaker.step(step.token)!.status).toBe('Succeeded');
		expect(emulator.sts.calls).toEqual({ AssumeRole: 1, GetCallerIdentity: 1 });
	});

	it('refuses the keys once expired (setIssuedLifetimeSeconds shortens them for refresh tests)', async () => {
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		emulator.sts.setIssuedLifetimeSeconds(1);
		const { credentials } = await assume();
		await sts({ credentials }).send(new GetCallerIdentityCommand({}));
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const stsError = await failure(sts({ credentials }).send(new GetCallerIdentityCommand({})));
		expect(stsError).toMatchObject({
			name: 'ExpiredToken',
			status: 403,
			message: 'The security token included in the request is expired',
		});
		const sageMaker = new SageMakerClient(clientConfig(emulator, { credentials, maxAttempts: 1 }));
		clients.push(sageMaker);
		const smError = await failure(
			sageMaker.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'abcdefghij' })),
		);
		expect(smError).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
	});
});
