/**
 * Regions and partitions: the list offers every region the AWS SDK knows for aws, aws-cn and aws-us-gov;
 * a region not in the list can be typed and is signed for; and the public host follows the partition
 * (amazonaws.com.cn in China) for SageMaker and for STS — seen at an HTTPS proxy on 127.0.0.1, so no
 * request ever leaves this machine.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { AwsSageMakerApi } from '../../credentials/AwsSageMakerApi.credentials';
import { AWS_REGIONS, partitionOf } from '../../nodes/shared/regions';
import { startEmulator, type Emulator } from '../../tools/emulator';
import { emulatorCredential, requestsFor } from '../harness/emulator';
import { completeSteps, ROLE_ARN, scopeOf, type CredentialStore } from './helpers';

describe('the region list', () => {
	test('offers every region of aws, aws-cn and aws-us-gov that the AWS SDK knows, with its partition', () => {
		const file = require
			.resolve('@aws-sdk/util-endpoints')
			.replace(/dist-cjs[/\\].*$/, 'dist-cjs/lib/aws/partitions.json');
		const partitions = JSON.parse(readFileSync(file, 'utf8')) as {
			partitions: Array<{ id: string; regions: Record<string, unknown> }>;
		};
		const listed = new Map(AWS_REGIONS.map((region) => [region.code, region.partition]));
		for (const partition of partitions.partitions.filter((p) =>
			['aws', 'aws-cn', 'aws-us-gov'].includes(p.id),
		)) {
			for (const code of Object.keys(partition.regions).filter(
				(code) => !code.endsWith('-global'),
			)) {
				expect([code, listed.get(code)]).toEqual([code, partition.id]);
			}
		}
		for (const region of AWS_REGIONS)
			expect([region.code, partitionOf(region.code)]).toEqual([region.code, region.partition]);
	});

	test('ends with "Other Region", which shows the Region Code field', () => {
		const properties = new AwsSageMakerApi().properties;
		const region = properties.find((p) => p.name === 'region')!;
		expect(region.options!.at(-1)).toEqual({
			name: 'Other Region (Type Its Code)',
			value: 'custom',
		});
		expect(properties.find((p) => p.name === 'customRegion')?.displayOptions).toEqual({
			show: { region: ['custom'] },
		});
	});
});

describe('a region typed as a code', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ region: 'ap-southeast-9' });
	});
	afterAll(async () => await emulator.close());

	test('signs STS and SageMaker for that region, with Assume Role', async () => {
		emulator.sts.addRole({ roleArn: ROLE_ARN });
		const step = emulator.sageMaker.createCallbackStep();
		const store: CredentialStore = {
			awsSageMakerApi: emulatorCredential(emulator, {
				region: 'custom',
				customRegion: ' AP-Southeast-9 ',
				authentication: 'assumeRole',
				roleArn: ROLE_ARN,
			}),
		};
		const result = await completeSteps(store, [step.token]);

		expect(result.error('SageMaker')).toBeUndefined();
		expect(emulator.sageMaker.step(step.token)?.status).toBe('Succeeded');
		expect(scopeOf(requestsFor(emulator, 'AssumeRole')[0])).toBe('ap-southeast-9/sts');
		expect(scopeOf(requestsFor(emulator, 'SendPipelineExecutionStepSuccess')[0])).toBe(
			'ap-southeast-9/sagemaker',
		);
	});
});

/** An HTTPS proxy that writes down where each CONNECT wanted to go, and lets none through. */
async function startRecordingProxy(): Promise<{ server: Server; url: string; targets: string[] }> {
	const targets: string[] = [];
	const server = createServer((_request, response) => response.writeHead(502).end());
	server.on('connect', (request, socket) => {
		targets.push(request.url ?? '');
		socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets };
}

describe('public endpoints follow the partition', () => {
	let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
	const saved = {
		HTTPS_PROXY: process.env.HTTPS_PROXY,
		https_proxy: process.env.https_proxy,
		NO_PROXY: process.env.NO_PROXY,
	};

	beforeAll(async () => {
		proxy = await startRecordingProxy();
		process.env.HTTPS_PROXY = proxy.url;
		process.env.https_proxy = proxy.url;
		delete process.env.NO_PROXY;
	});
	afterAll(async () => {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
		proxy.server.closeAllConnections();
		await new Promise((resolve) => proxy.server.close(resolve));
	});
	beforeEach(() => {
		proxy.targets.length = 0;
	});

	async function hostsContacted(credential: Record<string, unknown>): Promise<string[]> {
		const result = await completeSteps(
			{
				awsSageMakerApi: {
					accessKeyId: 'AKIDEXAMPLE000000000',
					secretAccessKey: 'example-secret-not-real',
					...credential,
				},
			},
			['abcdefghij'],
		);
		expect(result.error('SageMaker')).toBeDefined();
		return [...new Set(proxy.targets)];
	}

	test.each([
		['cn-north-1', 'api.sagemaker.cn-north-1.amazonaws.com.cn:443'],
		['cn-northwest-1', 'api.sagemaker.cn-northwest-1.amazonaws.com.cn:443'],
		['us-gov-west-1', 'api.sagemaker.us-gov-west-1.amazonaws.com:443'],
		['eu-central-2', 'api.sagemaker.eu-central-2.amazonaws.com:443'],
	])('Access Key in %s: SageMaker at %s', async (region, host) => {
		expect(await hostsContacted({ region })).toEqual([host]);
	});

	test.each([
		['cn-north-1', 'arn:aws-cn:iam::123456789012:role/n8n', 'sts.cn-north-1.amazonaws.com.cn:443'],
		[
			'cn-northwest-1',
			'arn:aws-cn:iam::123456789012:role/n8n',
			'sts.cn-northwest-1.amazonaws.com.cn:443',
		],
		[
			'us-gov-east-1',
			'arn:aws-us-gov:iam::123456789012:role/n8n',
			'sts.us-gov-east-1.amazonaws.com:443',
		],
		[
			'ap-southeast-6',
			'arn:aws:iam::123456789012:role/n8n',
			'sts.ap-southeast-6.amazonaws.com:443',
		],
	])(
		'Assume Role in %s: the regional STS endpoint of its partition',
		async (region, roleArn, host) => {
			expect(await hostsContacted({ region, authentication: 'assumeRole', roleArn })).toEqual([
				host,
			]);
		},
	);

	test("a typed region code gets its partition's hosts too", async () => {
		expect(await hostsContacted({ region: 'custom', customRegion: 'cn-southwest-9' })).toEqual([
			'api.sagemaker.cn-southwest-9.amazonaws.com.cn:443',
		]);
	});

	test('STS Endpoint is honoured for Assume Role when custom endpoints are on', async () => {
		const hosts = await hostsContacted({
			region: 'eu-west-1',
			authentication: 'assumeRole',
			roleArn: 'arn:aws:iam::123456789012:role/n8n',
			customEndpoints: true,
			stsEndpoint: 'https://vpce-0example-sts.sts.eu-west-1.vpce.amazonaws.com',
		});
		expect(hosts).toEqual(['vpce-0example-sts.sts.eu-west-1.vpce.amazonaws.com:443']);
	});
});
