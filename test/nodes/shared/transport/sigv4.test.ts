/**
 * The signer's own promises, beyond what AWS's suite and the SDK oracle check: which headers it signs,
 * that the signing-key memo never hands one key to another (secret, date, region, service), that the
 * secret never leaves it, and the edge cases it handles on purpose. Everything is read from the headers it
 * returns: the signature is checked against one computed from scratch here for the canonical request the
 * case expects, or against the signature of an equivalent request.
 */
import { createHash, createHmac } from 'node:crypto';

import { sha256Hex } from '../../../../nodes/shared/sha256';
import {
	signRequest,
	type AwsCredentialKeys,
	type SignableRequest,
	type SigningOptions,
} from '../../../../nodes/shared/transport/sigv4';

const KEYS = {
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NOW = new Date('2026-03-14T09:26:53.589Z');
const OPTIONS: SigningOptions = { service: 'sagemaker', region: 'us-east-1', now: NOW };

function sign(
	request: Partial<SignableRequest>,
	options: Partial<SigningOptions> = {},
	keys: AwsCredentialKeys = KEYS,
) {
	return signRequest(
		{
			method: 'POST',
			url: 'https://api.sagemaker.us-east-1.amazonaws.com/',
			headers: {},
			...request,
		},
		keys,
		{ ...OPTIONS, ...options },
	);
}

function signedHeaderNames(headers: Record<string, string>): string[] {
	return /SignedHeaders=([^,]+),/.exec(headers.Authorization)![1].split(';');
}

function signatureOf(headers: Record<string, string>): string {
	return /Signature=([0-9a-f]{64})$/.exec(headers.Authorization)![1];
}

interface Reference {
	path?: string;
	query?: string;
	host?: string;
	/** the body's bytes */
	body?: string | Uint8Array;
	secret?: string;
	now?: Date;
	region?: string;
	service?: string;
}

/**
 * The signature of a POST that carries only Host and X-Amz-Date, for the given canonical path and query,
 * done from scratch (SigV4's canonical request, string to sign and four-HMAC key derivation) for every call.
 */
function referenceSignature(reference: Reference = {}): string {
	const {
		path = '/',
		query = '',
		host = 'api.sagemaker.us-east-1.amazonaws.com',
		body = '',
	} = reference;
	const {
		secret = KEYS.secretAccessKey,
		now = NOW,
		region = 'us-east-1',
		service = 'sagemaker',
	} = reference;
	const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
	const hash = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
	const canonicalRequest = [
		'POST',
		path,
		query,
		`host:${host}\nx-amz-date:${amzDate}\n`,
		'host;x-amz-date',
		hash(body),
	].join('\n');
	const scope = `${amzDate.slice(0, 8)}/${region}/${service}/aws4_request`;
	let key = createHmac('sha256', `AWS4${secret}`).update(amzDate.slice(0, 8)).digest();
	for (const part of [region, service, 'aws4_request'])
		key = createHmac('sha256', key).update(part).digest();
	return createHmac('sha256', key)
		.update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash(canonicalRequest)}`)
		.digest('hex');
}

describe('sha256Hex', () => {
	test('matches the FIPS 180-2 vectors and hashes strings as UTF-8', () => {
		expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
		);
		expect(sha256Hex('caf\u00e9')).toBe(sha256Hex(new Uint8Array([0x63, 0x61, 0x66, 0xc3, 0xa9])));
	});
});

describe('signing-key memo', () => {
	test('every (secret, date, region, service) gets its own key, also after eviction', () => {
		const secrets = [
			KEYS.secretAccessKey,
			`${KEYS.secretAccessKey.slice(0, -1)}Z`,
			KEYS.secretAccessKey.slice(0, 20),
			'a',
		];
		const dates = [
			'2026-03-14T00:00:00Z',
			'2026-03-14T23:59:59Z',
			'2026-03-15T00:00:00Z',
			'1999-12-31T23:59:59Z',
		];
		const regions = ['us-east-1', 'eu-west-1'];
		const services = ['sagemaker', 'sqs', 'sts'];
		const combos = secrets.flatMap((secret) =>
			dates.flatMap((date) =>
				regions.flatMap((region) => services.map((service) => ({ secret, date, region, service }))),
			),
		);
		expect(combos.length).toBeGreaterThan(32 * 2);
		// Twice round, so the second pass meets keys evicted and keys still held.
		const signatures = new Map<string, string>();
		for (const round of [1, 2]) {
			for (const { secret, date, region, service } of combos) {
				const now = new Date(date);
				const signature = signatureOf(
					sign({}, { now, region, service }, { accessKeyId: 'AKID', secretAccessKey: secret }),
				);
				expect(signature).toBe(referenceSignature({ secret, now, region, service }));
				const id = `${secret}|${date}|${region}|${service}`;
				if (round === 1) signatures.set(id, signature);
				else expect(signature).toBe(signatures.get(id));
			}
		}
	});

	test('alternating between two secrets never reuses the other one’s key', () => {
		const other = {
			accessKeyId: 'AKIDOTHER',
			secretAccessKey: 'another/secret+value0000000000000000000',
		};
		for (let i = 0; i < 5; i++) {
			for (const keys of [KEYS, other]) {
				expect(signatureOf(sign({}, {}, keys))).toBe(
					referenceSignature({ secret: keys.secretAccessKey }),
				);
			}
		}
	});
});

describe('the secret stays inside', () => {
	const secret = KEYS.secretAccessKey;
	const forms = [
		secret,
		encodeURIComponent(secret),
		`AWS4${secret}`,
		Buffer.from(secret).toString('base64'),
	];

	test.each([
		['plain', {}],
		['session token and a body', { body: '{"a":1}' }],
		[
			'query and odd headers',
			{ url: 'https://h.example/a b/?x=1&y', headers: { 'X-A': ' v ', 'User-Agent': 'n8n' } },
		],
	] as const)('%s: no returned string holds it', (_name, request) => {
		const signed = sign(request, {}, { ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
		const everything = JSON.stringify(signed);
		for (const form of forms) expect(everything).not.toContain(form);
	});

	test.each([
		['a relative URL', { url: '/' }, {}],
		['a non-http URL', { url: 'ftp://example.com/' }, {}],
		['an invalid date', {}, { now: new Date('not a date') }],
		['a region with a space', {}, { region: 'us-east-1 ' }],
		['a service with a slash', {}, { service: 'sage/maker' }],
	] as const)('refuses %s without echoing it', (_name, request, options) => {
		let error: unknown;
		try {
			sign(request, options);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(Error);
		const text = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`;
		for (const form of forms) expect(text).not.toContain(form);
	});

	test('refuses incomplete credentials by naming the missing part only', () => {
		expect(() => sign({}, {}, { accessKeyId: '', secretAccessKey: KEYS.secretAccessKey })).toThrow(
			'access key ID is missing',
		);
		expect(() => sign({}, {}, { accessKeyId: 'AKID', secretAccessKey: '' })).toThrow(
			'secret access key is missing',
		);
	});
});

describe('header policy', () => {
	test('signs content-type, host, x-amz-* and content-length; leaves agent and hop-by-hop headers unsigned but sent', () => {
		const signed = sign({
			headers: {
				'Content-Type': 'application/x-amz-json-1.1',
				'X-Amz-Target': 'SageMaker.SendPipelineExecutionStepSuccess',
				'Content-Length': '2',
				'User-Agent': 'n8n',
				'X-Amzn-Trace-Id': 'Root=1',
				Connection: 'keep-alive',
				Expect: '100-continue',
				'Transfer-Encoding': 'chunked',
				'Proxy-Authorization': 'Basic x',
			},
			body: '{}',
		});
		expect(signedHeaderNames(signed)).toEqual([
			'content-length',
			'content-type',
			'host',
			'x-amz-date',
			'x-amz-target',
		]);
		expect(signed).toMatchObject({
			'User-Agent': 'n8n',
			Connection: 'keep-alive',
			'Proxy-Authorization': 'Basic x',
		});
	});

	test('replaces its own headers left by an earlier attempt, whatever their case', () => {
		const first = sign(
			{ headers: { 'Content-Type': 'application/x-amz-json-1.1' } },
			{},
			{ ...KEYS, sessionToken: 'TOKEN' },
		);
		const stale = Object.fromEntries(
			Object.entries(first).map(([name, value]) => [name.toUpperCase(), value]),
		);
		const again = sign(
			{ headers: stale },
			{ now: new Date(NOW.getTime() + 60_000) },
			{ ...KEYS, sessionToken: 'TOKEN' },
		);
		const names = Object.keys(again).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'authorization')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-amz-date')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-amz-security-token')).toHaveLength(1);
		expect(again['X-Amz-Date']).toBe('20260314T092753Z');
		expect(signedHeaderNames(again)).toEqual([
			'content-type',
			'host',
			'x-amz-date',
			'x-amz-security-token',
		]);
	});

	test.each([
		['https://API.SageMaker.us-east-1.amazonaws.com/', 'api.sagemaker.us-east-1.amazonaws.com'],
		['https://example.com:443/', 'example.com'],
		['http://127.0.0.1:80/', '127.0.0.1'],
		['http://127.0.0.1:4566/', '127.0.0.1:4566'],
		['https://[::1]:8443/', '[::1]:8443'],
	])('Host for %s is %s, as Node sends it', (url, host) => {
		const signed = sign({ url });
		expect(signed.Host).toBe(host);
		expect(signatureOf(signed)).toBe(referenceSignature({ host }));
	});

	test('a Host the caller set (a proxy, a VPC endpoint alias) is kept and signed', () => {
		const signed = sign({
			url: 'http://127.0.0.1:4566/',
			headers: { host: 'api.sagemaker.us-east-1.amazonaws.com' },
		});
		expect(signed.host).toBe('api.sagemaker.us-east-1.amazonaws.com');
		expect(signed.Host).toBeUndefined();
		expect(signatureOf(signed)).toBe(
			referenceSignature({ host: 'api.sagemaker.us-east-1.amazonaws.com' }),
		);
	});

	test('repeated values go out as the one header they are signed as', () => {
		const signed = sign({
			headers: {
				'X-Multi': ['  a  ', 'b   c'],
				'x-case': '1',
				'X-CASE': ' 2 ',
				'X-Gone': undefined,
				'X-Empty': [],
			},
		});
		expect(signed['X-Multi']).toBe('a,b c');
		expect(signed['x-case']).toBe('1,2');
		expect(signed['X-CASE']).toBeUndefined();
		expect('X-Gone' in signed).toBe(false);
		expect('X-Empty' in signed).toBe(false);
		expect(signedHeaderNames(signed)).toEqual(['host', 'x-amz-date', 'x-case', 'x-multi']);
		// Signed as x-case:1,2 and x-multi:a,b c, exactly as a request that sent those single values.
		expect(signed.Authorization).toBe(
			sign({ headers: { 'X-Multi': 'a,b c', 'x-case': '1,2' } }).Authorization,
		);
	});

	test('a number passed as a header value (n8n headers are loosely typed) is signed as its text', () => {
		const signed = sign({ headers: { 'Content-Length': 2 as unknown as string }, body: '{}' });
		expect(signed['Content-Length']).toBe('2');
		expect(signedHeaderNames(signed)).toContain('content-length');
		expect(signed.Authorization).toBe(
			sign({ headers: { 'Content-Length': '2' }, body: '{}' }).Authorization,
		);
	});

	test('the session token is signed and sent', () => {
		const signed = sign({}, {}, { ...KEYS, sessionToken: 'TOKEN' });
		expect(signedHeaderNames(signed)).toContain('x-amz-security-token');
		expect(signed['X-Amz-Security-Token']).toBe('TOKEN');
		expect(sign({})['X-Amz-Security-Token']).toBeUndefined();
	});

	test('a binary body is signed as its bytes, and no payload hash header is added', () => {
		const body = new Uint8Array([0, 255, 1, 254]);
		const signed = sign({ body });
		expect(signatureOf(signed)).toBe(referenceSignature({ body }));
		expect(signatureOf(signed)).not.toBe(
			referenceSignature({ body: String.fromCharCode(...body) }),
		);
		expect(Object.keys(signed)).toEqual(['Host', 'X-Amz-Date', 'Authorization']);
	});

	test('a request without a headers object still gets Host and its auth headers', () => {
		const signed = sign({ headers: undefined as unknown as SignableRequest['headers'] });
		expect(Object.keys(signed)).toEqual(['Host', 'X-Amz-Date', 'Authorization']);
	});

	test('leaves the caller’s headers object alone', () => {
		const headers = { 'Content-Type': 'application/x-amz-json-1.1', Authorization: 'stale' };
		sign({ headers });
		expect(headers).toEqual({
			'Content-Type': 'application/x-amz-json-1.1',
			Authorization: 'stale',
		});
	});
});

describe('path and query', () => {
	test.each([
		['/', '/'],
		['', '/'],
		['/a%20b', '/a%2520b'],
		['/a/b/..', '/a/'],
		['/a/.', '/a/'],
		['/a//b/./c/../', '/a/b/'],
		['/../..', '/'],
	])('path %j signs as %j (wire form, encoded once more)', (path, canonical) => {
		const url = `https://example.com${path}`;
		const expected = referenceSignature({ host: 'example.com', path: canonical });
		expect(signatureOf(sign({ url }))).toBe(expected);
		// What axios sends for that URL, after normalising, double-encodes to the same.
		expect(signatureOf(sign({ url: new URL(url).href }))).toBe(expected);
	});

	test.each([
		['b=2&a=1', 'a=1&b=2'],
		['a=2&a=10&a=1', 'a=1&a=10&a=2'],
		['flag&x=', 'flag=&x='],
		['x=a+b', 'x=a%2Bb'],
		['x=a%20b&y=a b', 'x=a%20b&y=a%20b'],
		['x=%7e%41%2f', 'x=~A%2F'],
		['x=100%&y=%zz', 'x=100%25&y=%25zz'],
		['x=%FF%fe', 'x=%FF%FE'],
		['&&x=1&', 'x=1'],
		['\u1234=%E1%88%B4', '%E1%88%B4=%E1%88%B4'],
		['b=1&B=1&_=1', 'B=1&_=1&b=1'],
	])('query %j signs as %j', (query, canonical) => {
		expect(signatureOf(sign({ url: `https://example.com/?${query}` }))).toBe(
			referenceSignature({ host: 'example.com', query: canonical }),
		);
	});

	test('a fragment is not part of the request', () => {
		expect(signatureOf(sign({ url: 'https://example.com/p?x=1#frag?y=2' }))).toBe(
			referenceSignature({ host: 'example.com', path: '/p', query: 'x=1' }),
		);
	});
});
