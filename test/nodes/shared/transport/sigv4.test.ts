/**
 * The signer's own promises, beyond what AWS's suite and the SDK oracle check: which headers it signs,
 * that the signing-key memo never hands one key to another (secret, date, region, service), that the
 * secret never leaves it, and the edge cases it handles on purpose.
 */
import { createHmac } from 'node:crypto';

import { sha256Hex } from '../../../../nodes/shared/sha256';
import {
	signRequest,
	type AwsCredentialKeys,
	type SignableRequest,
	type SigningOptions,
} from '../../../../nodes/shared/transport/sigv4';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-03-14T09:26:53.589Z');
const OPTIONS: SigningOptions = { service: 'sagemaker', region: 'us-east-1', now: NOW };

function sign(request: Partial<SignableRequest>, options: Partial<SigningOptions> = {}, keys: AwsCredentialKeys = KEYS) {
	return signRequest(
		{ method: 'POST', url: 'https://api.sagemaker.us-east-1.amazonaws.com/', headers: {}, ...request },
		keys,
		{ ...OPTIONS, ...options },
	);
}

function signedHeaderNames(headers: Record<string, string>): string[] {
	return /SignedHeaders=([^,]+),/.exec(headers.Authorization)![1].split(';');
}

/** Canonical request lines: method, path, query, then headers. */
function lines(canonicalRequest: string): string[] {
	return canonicalRequest.split('\n');
}

/** The four-HMAC derivation, done from scratch for every call. */
function referenceSignature(secret: string, shortDate: string, region: string, service: string, stringToSign: string) {
	let key = createHmac('sha256', `AWS4${secret}`).update(shortDate).digest();
	for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
	return createHmac('sha256', key).update(stringToSign).digest('hex');
}

describe('sha256Hex', () => {
	test('matches the FIPS 180-2 vectors and hashes strings as UTF-8', () => {
		expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(sha256Hex('caf\u00e9')).toBe(sha256Hex(new Uint8Array([0x63, 0x61, 0x66, 0xc3, 0xa9])));
	});
});

describe('signing-key memo', () => {
	test('every (secret, date, region, service) gets its own key, also after eviction', () => {
		const secrets = [KEYS.secretAccessKey, `${KEYS.secretAccessKey.slice(0, -1)}Z`, KEYS.secretAccessKey.slice(0, 20), 'a'];
		const dates = ['2026-03-14T00:00:00Z', '2026-03-14T23:59:59Z', '2026-03-15T00:00:00Z', '1999-12-31T23:59:59Z'];
		const regions = ['us-east-1', 'eu-west-1'];
		const services = ['sagemaker', 'sqs', 'sts'];
		const combos = secrets.flatMap((secret) =>
			dates.flatMap((date) => regions.flatMap((region) => services.map((service) => ({ secret, date, region, service })))),
		);
		expect(combos.length).toBeGreaterThan(32 * 2);
		// Twice round, so the second pass meets keys evicted and keys still held.
		const signatures = new Map<string, string>();
		for (const round of [1, 2]) {
			for (const { secret, date, region, service } of combos) {
				const signed = sign({}, { now: new Date(date), region, service }, { accessKeyId: 'AKID', secretAccessKey: secret });
				const shortDate = date.slice(0, 10).replace(/-/g, '');
				expect(signed.signature).toBe(referenceSignature(secret, shortDate, region, service, signed.stringToSign));
				const id = `${secret}|${date}|${region}|${service}`;
				if (round === 1) signatures.set(id, signed.signature);
				else expect(signed.signature).toBe(signatures.get(id));
			}
		}
	});

	test('alternating between two secrets never reuses the other one’s key', () => {
		const other = { accessKeyId: 'AKIDOTHER', secretAccessKey: 'another/secret+value0000000000000000000' };
		for (let i = 0; i < 5; i++) {
			for (const keys of [KEYS, other]) {
				const signed = sign({}, {}, keys);
				expect(signed.signature).toBe(referenceSignature(keys.secretAccessKey, '20260314', 'us-east-1', 'sagemaker', signed.stringToSign));
			}
		}
	});
});

describe('the secret stays inside', () => {
	const secret = KEYS.secretAccessKey;
	const forms = [secret, encodeURIComponent(secret), `AWS4${secret}`, Buffer.from(secret).toString('base64')];

	test.each([
		['plain', {}, {}],
		['session token, signed body', { body: '{"a":1}' }, { signBody: true }],
		['token added after signing', {}, { omitSessionToken: true }],
		['query and odd headers', { url: 'https://h.example/a b/?x=1&y', headers: { 'X-A': ' v ', 'User-Agent': 'n8n' } }, {}],
	] as const)('%s: no returned string holds it', (_name, request, options) => {
		const signed = sign(request, options, { ...KEYS, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' });
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
		expect(() => sign({}, {}, { accessKeyId: '', secretAccessKey: KEYS.secretAccessKey })).toThrow('access key ID is missing');
		expect(() => sign({}, {}, { accessKeyId: 'AKID', secretAccessKey: '' })).toThrow('secret access key is missing');
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
		expect(signedHeaderNames(signed.headers)).toEqual(['content-length', 'content-type', 'host', 'x-amz-date', 'x-amz-target']);
		expect(signed.headers).toMatchObject({ 'User-Agent': 'n8n', Connection: 'keep-alive', 'Proxy-Authorization': 'Basic x' });
	});

	test('replaces its own headers left by an earlier attempt, whatever their case', () => {
		const first = sign({ headers: { 'Content-Type': 'application/x-amz-json-1.1' } }, {}, { ...KEYS, sessionToken: 'TOKEN' });
		const stale = Object.fromEntries(Object.entries(first.headers).map(([name, value]) => [name.toUpperCase(), value]));
		const again = sign({ headers: stale }, { now: new Date(NOW.getTime() + 60_000) }, { ...KEYS, sessionToken: 'TOKEN' });
		const names = Object.keys(again.headers).map((name) => name.toLowerCase());
		expect(names.filter((name) => name === 'authorization')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-amz-date')).toHaveLength(1);
		expect(names.filter((name) => name === 'x-amz-security-token')).toHaveLength(1);
		expect(again.headers['X-Amz-Date']).toBe('20260314T092753Z');
		expect(signedHeaderNames(again.headers)).toEqual(['content-type', 'host', 'x-amz-date', 'x-amz-security-token']);
	});

	test.each([
		['https://API.SageMaker.us-east-1.amazonaws.com/', 'api.sagemaker.us-east-1.amazonaws.com'],
		['https://example.com:443/', 'example.com'],
		['http://127.0.0.1:80/', '127.0.0.1'],
		['http://127.0.0.1:4566/', '127.0.0.1:4566'],
		['https://[::1]:8443/', '[::1]:8443'],
	])('Host for %s is %s, as Node sends it', (url, host) => {
		const signed = sign({ url });
		expect(signed.headers.Host).toBe(host);
		expect(lines(signed.canonicalRequest)).toContain(`host:${host}`);
	});

	test('a Host the caller set (a proxy, a VPC endpoint alias) is kept and signed', () => {
		const signed = sign({ url: 'http://127.0.0.1:4566/', headers: { host: 'api.sagemaker.us-east-1.amazonaws.com' } });
		expect(signed.headers.host).toBe('api.sagemaker.us-east-1.amazonaws.com');
		expect(signed.headers.Host).toBeUndefined();
		expect(lines(signed.canonicalRequest)).toContain('host:api.sagemaker.us-east-1.amazonaws.com');
	});

	test('repeated values go out as the one header they are signed as', () => {
		const signed = sign({ headers: { 'X-Multi': ['  a  ', 'b   c'], 'x-case': '1', 'X-CASE': ' 2 ', 'X-Gone': undefined, 'X-Empty': [] } });
		expect(signed.headers['X-Multi']).toBe('a,b c');
		expect(signed.headers['x-case']).toBe('1,2');
		expect(signed.headers['X-CASE']).toBeUndefined();
		expect('X-Gone' in signed.headers).toBe(false);
		expect('X-Empty' in signed.headers).toBe(false);
		expect(signed.canonicalRequest).not.toContain('x-empty');
		expect(lines(signed.canonicalRequest)).toEqual(expect.arrayContaining(['x-case:1,2', 'x-multi:a,b c']));
	});

	test('a number passed as a header value (n8n headers are loosely typed) is signed as its text', () => {
		const signed = sign({ headers: { 'Content-Length': 2 as unknown as string }, body: '{}' });
		expect(signed.headers['Content-Length']).toBe('2');
		expect(lines(signed.canonicalRequest)).toContain('content-length:2');
	});

	test('the session token is signed unless omitSessionToken, and sent either way', () => {
		const keys = { ...KEYS, sessionToken: 'TOKEN' };
		const signedToken = sign({}, {}, keys);
		expect(signedHeaderNames(signedToken.headers)).toContain('x-amz-security-token');
		const omitted = sign({}, { omitSessionToken: true }, keys);
		expect(signedHeaderNames(omitted.headers)).not.toContain('x-amz-security-token');
		expect(omitted.headers['X-Amz-Security-Token']).toBe('TOKEN');
		expect(sign({}).headers['X-Amz-Security-Token']).toBeUndefined();
	});

	test('signBody adds the payload hash as a signed header, hashing binary bodies as bytes', () => {
		const body = new Uint8Array([0, 255, 1, 254]);
		const signed = sign({ body }, { signBody: true });
		expect(signed.headers['x-amz-content-sha256']).toBe(sha256Hex(body));
		expect(signedHeaderNames(signed.headers)).toContain('x-amz-content-sha256');
		expect(lines(signed.canonicalRequest).at(-1)).toBe(sha256Hex(body));
		expect(sign({ body }).headers['x-amz-content-sha256']).toBeUndefined();
	});

	test('a request without a headers object still gets Host and its auth headers', () => {
		const signed = sign({ headers: undefined as unknown as SignableRequest['headers'] });
		expect(Object.keys(signed.headers)).toEqual(['Host', 'X-Amz-Date', 'Authorization']);
	});

	test('leaves the caller’s headers object alone', () => {
		const headers = { 'Content-Type': 'application/x-amz-json-1.1', Authorization: 'stale' };
		sign({ headers });
		expect(headers).toEqual({ 'Content-Type': 'application/x-amz-json-1.1', Authorization: 'stale' });
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
		expect(lines(sign({ url }).canonicalRequest)[1]).toBe(canonical);
		// What axios sends for that URL, after normalising, double-encodes to the same.
		expect(lines(sign({ url: new URL(url).href }).canonicalRequest)[1]).toBe(canonical);
	});

	test('normalizePath: false keeps dots and slashes but still encodes', () => {
		expect(lines(sign({ url: 'https://example.com//a/./b c/..' }, { normalizePath: false }).canonicalRequest)[1]).toBe(
			'//a/./b%20c/..',
		);
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
		expect(lines(sign({ url: `https://example.com/?${query}` }).canonicalRequest)[2]).toBe(canonical);
	});

	test('a fragment is not part of the request', () => {
		expect(lines(sign({ url: 'https://example.com/p?x=1#frag?y=2' }).canonicalRequest).slice(1, 3)).toEqual(['/p', 'x=1']);
	});
});
