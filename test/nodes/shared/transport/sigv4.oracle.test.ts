/**
 * Our signer against AWS SDK v3's (`@smithy/signature-v4`, hashing with `@aws-crypto/sha256-js` so
 * not even the hash is shared) over seeded, generated requests: methods, hosts with ports, paths with
 * spaces, Unicode, reserved characters, escapes and dot segments, queries with repeated keys and
 * several wire encodings, messy header values, unsigned headers, stale auth headers, empty, JSON,
 * form and binary bodies, session tokens, services, regions and dates. Signatures and headers must be equal.
 * A third of the requests carry the payload hash header themselves, which SDK v3 then signs as it comes
 * (its applyChecksum would add the same header).
 *
 * Deliberate differences are not generated here and have their own tests in sigv4.test.ts: a path that
 * ends in `.` or `..` (we keep RFC 3986's trailing slash), and repeated or case-variant header names
 * (SDK v3 takes one plain string per header).
 */
import { createHash } from 'node:crypto';

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

import {
	signRequest,
	type SignableRequest,
	type SigningOptions,
} from '../../../../nodes/shared/transport/sigv4';

const SEED = 0x5167_7634;
const CASES = 400;

/** mulberry32: small, seeded, good enough to spread cases. */
function generator(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
	const chance = (p: number) => next() < p;
	const text = (alphabet: string, min: number, max: number) => {
		const chars = Array.from(alphabet);
		let out = '';
		for (let i = int(min, max); i > 0; i--) out += pick(chars);
		return out;
	};
	return { int, pick, chance, text };
}

type Gen = ReturnType<typeof generator>;

const REGIONS = [
	'us-east-1',
	'eu-west-3',
	'ap-southeast-5',
	'cn-north-1',
	'us-gov-west-1',
	'il-central-1',
];
const SERVICES = ['sagemaker', 'sqs', 'sts', 'execute-api', 'service'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** [authority as written in the URL, Host header Node sends for it]. */
function pickHost(
	g: Gen,
	region: string,
	service: string,
): { scheme: string; authority: string; host: string } {
	switch (g.int(0, 5)) {
		case 0:
			return {
				scheme: 'https',
				authority: `api.sagemaker.${region}.amazonaws.com`,
				host: `api.sagemaker.${region}.amazonaws.com`,
			};
		case 1:
			return {
				scheme: 'https',
				authority: `${service}.${region}.amazonaws.com`,
				host: `${service}.${region}.amazonaws.com`,
			};
		case 2: {
			const port = g.int(1024, 65535);
			return { scheme: 'http', authority: `127.0.0.1:${port}`, host: `127.0.0.1:${port}` };
		}
		case 3:
			return {
				scheme: 'https',
				authority: 'VPCE-0ab.Sagemaker.Example.COM:443',
				host: 'vpce-0ab.sagemaker.example.com',
			};
		case 4:
			return { scheme: 'http', authority: 'localhost:80', host: 'localhost' };
		default:
			return { scheme: 'https', authority: '[::1]:8443', host: '[::1]:8443' };
	}
}

const PATH_SEGMENTS = [
	() => 'pipelines',
	() => 'example space',
	() => 'caf\u00e9',
	() => '\u65e5\u672c\u8a9e',
	() => 'emoji-\u{1f600}',
	() => "!$&'()*+,;=:@",
	() => 'a%20b',
	() => '%2F',
	() => '%41%7e',
	() => '%e2%82%ac',
	() => '100%',
	() => '-._~',
	() => '...',
	() => '%3F%23',
	() => '"<>`{}|^[]',
];

function pickPath(g: Gen): string {
	const segments: string[] = [];
	for (let i = g.int(0, 5); i > 0; i--) {
		const roll = g.int(0, 9);
		if (roll === 0) segments.push('.');
		else if (roll === 1) segments.push('..');
		else if (roll === 2) segments.push('');
		else segments.push(g.pick(PATH_SEGMENTS)());
	}
	// A trailing `.`/`..` is a documented difference from SDK v3; end on a name or a slash instead.
	if (
		segments.length > 0 &&
		(segments[segments.length - 1] === '.' || segments[segments.length - 1] === '..')
	) {
		segments.push(g.chance(0.5) ? '' : 'end');
	}
	return `/${segments.join('/')}${segments.length > 0 && g.chance(0.3) ? '/' : ''}`;
}

const QUERY_WORDS = [
	'Action',
	'Version',
	'MaxResults',
	'a',
	'A',
	'b',
	'a b',
	'x+y',
	'\u1234',
	'k=v&w',
	'#hash',
	'50%',
	'caf\u00e9',
	'~_-.',
	'',
	"it's",
];

/** Writes a decoded query component in one of the forms a caller or a proxy might put on the wire. */
function wireForm(g: Gen, value: string): string {
	const encoded = encodeURIComponent(value);
	switch (g.int(0, 3)) {
		case 0:
			return encoded;
		case 1:
			return encoded.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
		case 2:
			// Escapes for characters that need none: a server decodes them all the same.
			return Array.from(value, (c) =>
				/[A-Za-z0-9~_.-]/.test(c) && g.chance(0.3)
					? `%${c.charCodeAt(0).toString(16).toUpperCase()}`
					: encodeURIComponent(c),
			).join('');
		default:
			// Raw where the URL stays parseable: spaces and Unicode as typed.
			return /[&=#%]/.test(value) ? encoded : value;
	}
}

function pickQuery(g: Gen): { wire: string; decoded: Record<string, string | string[]> } {
	const pairs: string[] = [];
	const decoded: Record<string, string | string[]> = {};
	for (let i = g.int(0, 6); i > 0; i--) {
		const key = g.pick(QUERY_WORDS);
		const value = g.chance(0.2) ? '' : g.chance(0.5) ? g.pick(QUERY_WORDS) : g.text(ALNUM, 1, 12);
		// `k` and `k=` mean the same; a bare empty key would be no parameter at all.
		const bare = value === '' && key !== '' && g.chance(0.5);
		pairs.push(bare ? wireForm(g, key) : `${wireForm(g, key)}=${wireForm(g, value)}`);
		const previous = decoded[key];
		decoded[key] =
			previous === undefined
				? value
				: Array.isArray(previous)
					? [...previous, value]
					: [previous, value];
	}
	return { wire: pairs.length > 0 ? `?${pairs.join('&')}` : g.chance(0.1) ? '?' : '', decoded };
}

const HEADER_VALUES = [
	() => 'plain',
	() => '  leading and trailing  ',
	() => 'inner    runs\tof \t whitespace',
	() => '"a   b   c"',
	() => 'line one\r\n  line two',
	() => '',
	() => 'caf\u00e9',
	() => 'MixedCase Value',
];

function randomCase(g: Gen, name: string): string {
	return Array.from(name, (c) => (g.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join('');
}

function pickHeaders(
	g: Gen,
	host: string,
	body: string | Uint8Array | undefined,
): Record<string, string> {
	const headers: Record<string, string> = {};
	const add = (name: string, value: string) => {
		headers[g.chance(0.3) ? randomCase(g, name) : name] = value;
	};
	if (g.chance(0.4)) add('Host', host);
	if (g.chance(0.7))
		add(
			'Content-Type',
			g.pick([
				'application/x-amz-json-1.1',
				'application/x-amz-json-1.0',
				'application/x-www-form-urlencoded; charset=utf-8',
				'application/octet-stream',
			]),
		);
	if (g.chance(0.6))
		add(
			'X-Amz-Target',
			g.pick([
				'SageMaker.SendPipelineExecutionStepSuccess',
				'AmazonSQS.ReceiveMessage',
				'SageMaker.ListPipelineExecutionSteps',
			]),
		);
	if (g.chance(0.3)) add('x-amz-meta-note', g.pick(HEADER_VALUES)());
	if (g.chance(0.5)) add('X-Custom-Header', g.pick(HEADER_VALUES)());
	if (g.chance(0.3)) add('Accept', 'application/json');
	if (g.chance(0.3))
		add(
			'Content-Length',
			String(
				body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length,
			),
		);
	// Unsigned by both signers.
	if (g.chance(0.3)) add('User-Agent', 'n8n');
	if (g.chance(0.2)) add('Cache-Control', 'no-cache');
	if (g.chance(0.1)) add('Expect', '100-continue');
	if (g.chance(0.1)) add('X-Amzn-Trace-Id', 'Root=1-5759e988-bd862e3fe1be46a994272793');
	if (g.chance(0.1)) add('Proxy-Authorization', 'Basic abc');
	if (g.chance(0.1)) add('Sec-Fetch-Mode', 'cors');
	// Left from an earlier attempt: both signers replace them.
	if (g.chance(0.15)) add('Authorization', 'AWS4-HMAC-SHA256 Credential=stale');
	if (g.chance(0.15)) add('X-Amz-Date', '20000101T000000Z');
	return headers;
}

function pickBody(g: Gen): string | Uint8Array | undefined {
	switch (g.int(0, 5)) {
		case 0:
			return undefined;
		case 1:
			return '';
		case 2:
			return JSON.stringify({
				CallbackToken: g.text(ALNUM, 10, 10),
				OutputParameters: [{ Name: 'note', Value: 'caf\u00e9 \u65e5\u672c \u{1f600}' }],
			});
		case 3:
			return 'Action=GetCallerIdentity&Version=2011-06-15';
		case 4: {
			const bytes = new Uint8Array(g.int(1, 2048));
			for (let i = 0; i < bytes.length; i++) bytes[i] = g.int(0, 255);
			return bytes;
		}
		default:
			return g.text('{}":, abc\u00e9\n', 0, 300);
	}
}

interface OracleCase {
	title: string;
	request: SignableRequest;
	credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
	options: SigningOptions & { now: Date };
	smithyRequest: {
		method: string;
		protocol: string;
		hostname: string;
		path: string;
		query: Record<string, string | string[]>;
		headers: Record<string, string>;
		body?: string | Uint8Array;
	};
}

function buildCases(): OracleCase[] {
	const g = generator(SEED);
	const cases: OracleCase[] = [];
	for (let n = 0; n < CASES; n++) {
		const region = g.pick(REGIONS);
		const service = g.pick(SERVICES);
		const { scheme, authority, host } = pickHost(g, region, service);
		const method = g.pick(['GET', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']);
		const path = pickPath(g);
		const query = pickQuery(g);
		const body = pickBody(g);
		const headers = pickHeaders(g, host, body);
		if (g.chance(0.3))
			headers[g.chance(0.3) ? 'X-Amz-Content-Sha256' : 'x-amz-content-sha256'] = createHash(
				'sha256',
			)
				.update(body ?? '')
				.digest('hex');
		const sessionToken = g.chance(0.5) ? g.text(`${ALNUM}/+=`, 100, 400) : undefined;
		const options = {
			service,
			region,
			now: new Date(g.int(Date.UTC(2000, 0, 1), Date.UTC(2099, 11, 31, 23, 59, 59, 999))),
		};
		const credentials = {
			accessKeyId: `AKIA${g.text('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16)}`,
			secretAccessKey: g.text(`${ALNUM}/+`, 40, 40),
			sessionToken,
		};
		const smithyHeaders: Record<string, string> = { ...headers };
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host'))
			smithyHeaders.host = host;
		cases.push({
			title: `#${n} ${method} ${scheme}://${authority}${path}${query.wire}`,
			request: { method, url: `${scheme}://${authority}${path}${query.wire}`, headers, body },
			credentials,
			options,
			smithyRequest: {
				method,
				protocol: `${scheme}:`,
				hostname: host,
				path,
				query: query.decoded,
				headers: smithyHeaders,
				body,
			},
		});
	}
	return cases;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
	return out;
}

const cases = buildCases();

test('the generator covers what it claims to', () => {
	const has = (p: (c: OracleCase) => boolean) => cases.filter(p).length;
	expect(cases).toHaveLength(CASES);
	expect(has((c) => c.credentials.sessionToken !== undefined)).toBeGreaterThan(100);
	expect(
		has((c) =>
			Object.keys(c.request.headers).some((name) => name.toLowerCase() === 'x-amz-content-sha256'),
		),
	).toBeGreaterThan(50);
	expect(has((c) => c.request.body instanceof Uint8Array)).toBeGreaterThan(30);
	expect(has((c) => /\/\.\.?\//.test(c.smithyRequest.path))).toBeGreaterThan(30);
	expect(has((c) => Object.values(c.smithyRequest.query).some(Array.isArray))).toBeGreaterThan(30);
	expect(has((c) => /[^\x21-\x7e]/.test(c.request.url))).toBeGreaterThan(50);
	expect(new Set(cases.map((c) => c.request.method)).size).toBe(6);
});

test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
	const ours = signRequest(c.request, c.credentials, c.options);

	const sdk = new SignatureV4({
		credentials: c.credentials,
		region: c.options.region,
		service: c.options.service,
		sha256: Sha256,
		uriEscapePath: true,
		applyChecksum: false,
	});
	const theirs = (await sdk.sign(c.smithyRequest, { signingDate: c.options.now })) as {
		headers: Record<string, string>;
	};
	const theirHeaders = lowerCaseKeys(theirs.headers);
	const ourHeaders = lowerCaseKeys(ours);

	expect(/Signature=([0-9a-f]{64})$/.exec(ourHeaders.authorization)?.[1]).toBe(
		/Signature=([0-9a-f]{64})$/.exec(theirHeaders.authorization)?.[1],
	);
	expect(ourHeaders).toEqual(theirHeaders);
});
