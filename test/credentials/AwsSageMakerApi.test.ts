import { request } from 'node:http';

import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import { EMULATOR_CREDENTIALS } from '../../tools/emulator';
import { emulatorCredential, requestsFor, runNode, useEmulator } from '../harness/emulator';

const ctx = useEmulator();
const success = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

describe('credential awsSageMakerApi', () => {
	test('a wrong secret gives a clear signature error, and the secret appears nowhere in the run', async () => {
		const { emulator } = ctx;
		const step = emulator.sageMaker.createCallbackStep();
		const wrongSecret = 'wrongSecretValue/DoNotLeak0123456789abcdef';
		const result = await runNode(emulator, success, [{ token: step.token }], {
			credential: { secretAccessKey: wrongSecret },
		});
		const error = result.error('SageMaker');
		expect(error?.message).toMatch(/\[InvalidSignatureException\]$/);
		expect(error?.description).toMatch(/Secret Access Key is wrong/);
		expect(JSON.stringify(result.run)).not.toContain(wrongSecret);
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Executing');
	});

	test('an unknown access key says so', async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, success, [{ token: 'abcdefghij' }], {
			credential: { accessKeyId: 'AKIDNOTKNOWN00000000' },
		});
		expect(result.error('SageMaker')?.message).toMatch(/\[UnrecognizedClientException\]$/);
	});

	test("signs for the credential's region: another region is refused by the endpoint", async () => {
		const { emulator } = ctx;
		const result = await runNode(emulator, success, [{ token: 'abcdefghij' }], {
			credential: { region: 'eu-west-1' },
		});
		expect(result.error('SageMaker')?.message).toMatch(/\[InvalidSignatureException\]$/);
	});

	test('the credential is read once per execution, however many items', async () => {
		const { emulator } = ctx;
		const steps = Array.from({ length: 25 }, () => emulator.sageMaker.createCallbackStep());
		const result = await runNode(
			emulator,
			success,
			steps.map((s) => ({ token: s.token })),
		);
		expect(result.output('SageMaker')).toHaveLength(25);
		expect(result.credentialReads).toBe(1);
	});

	test('the "Test credential" request is a signed STS GetCallerIdentity that the endpoint accepts', async () => {
		const { emulator } = ctx;
		const credential = new AwsSageMakerApi();
		const signed = await credential.authenticate(emulatorCredential(emulator), {
			...credential.test.request,
		} as never);
		expect(signed.url).toBe(`${emulator.url}/`);
		const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
			const req = request(
				signed.url,
				{ method: 'POST', headers: signed.headers as Record<string, string> },
				(res) => {
					let body = '';
					res.on('data', (chunk) => (body += chunk));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
				},
			);
			req.on('error', reject);
			req.end(signed.body as string);
		});
		expect(answer.status).toBe(200);
		expect(answer.body).toContain(`<Account>${EMULATOR_CREDENTIALS.accountId}</Account>`);
		expect(requestsFor(emulator, 'GetCallerIdentity')).toHaveLength(1);
	});

	test('default endpoints follow the partition', async () => {
		const credential = new AwsSageMakerApi();
		const sign = async (region: string) =>
			await credential.authenticate(
				{ region, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
				{
					method: 'POST',
					url: '/',
					headers: { 'X-Amz-Target': 'SageMaker.ListPipelines' },
					body: '{}',
				},
			);
		expect((await sign('us-east-1')).url).toBe('https://api.sagemaker.us-east-1.amazonaws.com/');
		expect((await sign('cn-north-1')).url).toBe(
			'https://api.sagemaker.cn-north-1.amazonaws.com.cn/',
		);
		expect((await sign('us-gov-west-1')).url).toBe(
			'https://api.sagemaker.us-gov-west-1.amazonaws.com/',
		);
	});

	test('refuses to sign a request that is not a SageMaker, SQS or STS call', async () => {
		const credential = new AwsSageMakerApi();
		await expect(
			credential.authenticate(
				{ region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
				{ method: 'GET', url: 'https://example.com/' },
			),
		).rejects.toThrow(/not a SageMaker, SQS or STS API call/);
	});
});
