/**
 * Shared by the emulator's own tests: SDK client options pointed at an emulator, and a raw signed request for
 * the cases an SDK will not produce (wrong service scope, missing auth, wrong content type).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from '../../../tools/emulator';

/**
 * What an SDK call that must fail ended in: the error name, message and HTTP status, and `code` — SQS's query
 * code (`Code`) for SQS errors, Node's socket code (`ECONNRESET`) for network failures.
 */
export async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (error) {
		const e = error as Error & {
			$metadata?: { httpStatusCode?: number };
			Code?: string;
			code?: string;
		};
		return {
			name: e.name,
			message: e.message,
			status: e.$metadata?.httpStatusCode,
			code: e.Code ?? e.code,
		};
	}
	throw new Error('expected the call to fail');
}

export function clientConfig(emulator: Emulator, overrides: Record<string, unknown> = {}) {
	return {
		endpoint: emulator.url,
		region: EMULATOR_CREDENTIALS.region,
		credentials: {
			accessKeyId: EMULATOR_CREDENTIALS.accessKeyId,
			secretAccessKey: EMULATOR_CREDENTIALS.secretAccessKey,
		},
		...overrides,
	};
}

class Sha256 extends Hash {
	constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
		super('sha256', secret as never);
	}
}

export interface RawRequest {
	headers?: Record<string, string>;
	body: string;
	/** Signing parameters; `sign: false` sends no Authorization at all. */
	sign?:
		| false
		| {
				service: string;
				region?: string;
				accessKeyId?: string;
				secretAccessKey?: string;
				date?: Date;
		  };
}

export async function rawRequest(emulator: Emulator, request: RawRequest) {
	const url = new URL(emulator.url);
	let headers: Record<string, string> = { host: url.host, ...request.headers };
	if (request.sign !== false && request.sign) {
		const signer = new SignatureV4({
			service: request.sign.service,
			region: request.sign.region ?? EMULATOR_CREDENTIALS.region,
			credentials: {
				accessKeyId: request.sign.accessKeyId ?? EMULATOR_CREDENTIALS.accessKeyId,
				secretAccessKey: request.sign.secretAccessKey ?? EMULATOR_CREDENTIALS.secretAccessKey,
			},
			sha256: Sha256,
		});
		const signed = await signer.sign(
			{
				method: 'POST',
				protocol: 'http:',
				hostname: url.hostname,
				port: Number(url.port),
				path: '/',
				query: {},
				headers,
				body: request.body,
			},
			{ signingDate: request.sign.date },
		);
		headers = signed.headers as Record<string, string>;
	}
	return new Promise<{
		status: number;
		headers: IncomingHttpHeaders;
		text: string;
		json: () => Record<string, unknown>;
	}>((resolve, reject) => {
		const outgoing = httpRequest(`${emulator.url}/`, { method: 'POST', headers }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({
					status: response.statusCode ?? 0,
					headers: response.headers,
					text,
					json: () => JSON.parse(text),
				});
			});
		});
		outgoing.on('error', reject);
		outgoing.end(request.body);
	});
}

/** One emulator per test file: state reset and the file's SDK clients destroyed after each test. */
export function useEmulatorFor(
	clients: Array<{ destroy(): void }>,
	onStart: (emulator: Emulator) => void,
): void {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator();
		onStart(emulator);
	});
	afterEach(() => {
		emulator.reset();
		for (const client of clients.splice(0)) client.destroy();
	});
	afterAll(async () => await emulator.close());
}
