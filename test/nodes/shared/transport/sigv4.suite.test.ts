/**
 * AWS's own SigV4 test suite (Authorization-header cases), vendored under test/fixtures with its licence.
 * Each case must match AWS on the canonical request, the string to sign, the signature and the headers
 * of the signed request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { signRequest } from '../../../../nodes/shared/transport/sigv4';

const SUITE = join(__dirname, '..', '..', '..', 'fixtures', 'aws-sigv4-test-suite', 'v4');

interface SuiteContext {
	credentials: { access_key_id: string; secret_access_key: string; token?: string };
	normalize: boolean;
	region: string;
	service: string;
	sign_body: boolean;
	timestamp: string;
	omit_session_token?: boolean;
}

interface RawRequest {
	method: string;
	path: string;
	/** Header names as written, in first-seen order; repeated names collect their values in order. */
	headers: Map<string, string[]>;
	body: string;
}

/**
 * Reads an HTTP/1.1 request as the suite writes it: the path may hold spaces, a line that starts with
 * whitespace continues the previous header's value (kept with its line break, as sent), and a name
 * may repeat.
 */
function parseRequest(text: string): RawRequest {
	const lines = text.split('\n');
	const requestLine = lines[0];
	const firstSpace = requestLine.indexOf(' ');
	const lastSpace = requestLine.lastIndexOf(' ');
	const headers = new Map<string, string[]>();
	let last: string[] | undefined;
	let i = 1;
	for (; i < lines.length && lines[i] !== ''; i++) {
		const line = lines[i];
		if (/^[ \t]/.test(line)) {
			if (!last) throw new Error(`continuation line without a header: ${line}`);
			last[last.length - 1] += `\n${line}`;
			continue;
		}
		const colon = line.indexOf(':');
		const name = line.slice(0, colon);
		const values = headers.get(name) ?? [];
		values.push(line.slice(colon + 1));
		headers.set(name, values);
		last = values;
	}
	return {
		method: requestLine.slice(0, firstSpace),
		path: requestLine.slice(firstSpace + 1, lastSpace),
		headers,
		body: lines.slice(i + 1).join('\n'),
	};
}

function read(name: string, file: string): string {
	return readFileSync(join(SUITE, name, file), 'utf8');
}

const cases = readdirSync(SUITE).sort();

test('the vendored suite is complete', () => {
	expect(cases).toHaveLength(38);
});

describe.each(cases)('%s', (name) => {
	const context = JSON.parse(read(name, 'context.json')) as SuiteContext;
	const raw = parseRequest(read(name, 'request.txt'));
	const headers: Record<string, string | string[]> = {};
	for (const [header, values] of raw.headers) headers[header] = values.length === 1 ? values[0] : values;
	const host = raw.headers.get('Host')?.[0];

	const signed = signRequest(
		{ method: raw.method, url: `https://${host}${raw.path}`, headers, body: raw.body },
		{
			accessKeyId: context.credentials.access_key_id,
			secretAccessKey: context.credentials.secret_access_key,
			sessionToken: context.credentials.token,
		},
		{
			service: context.service,
			region: context.region,
			now: new Date(context.timestamp),
			normalizePath: context.normalize,
			signBody: context.sign_body,
			omitSessionToken: context.omit_session_token === true,
		},
	);

	test('canonical request', () => {
		expect(signed.canonicalRequest).toBe(read(name, 'header-canonical-request.txt'));
	});

	test('string to sign', () => {
		expect(signed.stringToSign).toBe(read(name, 'header-string-to-sign.txt'));
	});

	test('signature', () => {
		expect(signed.signature).toBe(read(name, 'header-signature.txt').trim());
	});

	test('signed request headers', () => {
		const expected = parseRequest(read(name, 'header-signed-request.txt'));
		// A repeated header goes out once, its values joined with ',' — what a server reads it as.
		const expectedHeaders: Record<string, string> = {};
		for (const [header, values] of expected.headers) expectedHeaders[header] = values.join(',');
		expect(signed.headers).toEqual(expectedHeaders);
		expect(expected.path).toBe(raw.path);
		expect(expected.body).toBe(raw.body);
	});
});
