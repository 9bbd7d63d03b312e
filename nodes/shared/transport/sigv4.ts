/**
 * AWS Signature Version 4, Authorization-header form, on node:crypto alone.
 *
 * Duty: turn one fully built request (method, absolute URL, headers, the exact body bytes) into the
 * headers that authenticate it. It is called from the credential's `authenticate` for every request and
 * from Assume Role, so it is pure apart from a small memo of derived signing keys, and it never throws or
 * returns anything that holds the secret access key.
 *
 * What it covers is what this package sends: SageMaker (JSON 1.1) and SQS (JSON 1.0) POSTs and STS Query
 * POSTs, to AWS, a VPC endpoint, a proxy or the emulator, with or without a session token. Within that it
 * signs like AWS: it passes AWS's own SigV4 test suite (the `header-*` cases, but for the seven that need
 * what is listed below) and signs exactly like `@smithy/signature-v4` (AWS SDK v3) for every request the
 * tests generate (test/nodes/shared/transport/).
 *
 * Deliberately not covered, because nothing here sends it: S3 (single path encoding, no path
 * normalisation, UNSIGNED-PAYLOAD, the x-amz-content-sha256 header added by the signer, chunked uploads),
 * a session token sent unsigned (some older services), presigned URLs (query signing), SigV4a, event
 * streams, and streamed bodies: the body must be the exact bytes sent.
 *
 * Header policy (which of the caller's headers are signed):
 * - Signed: every header the caller passes, plus Host (from the URL when absent), X-Amz-Date and
 *   X-Amz-Security-Token. That includes content-type, x-amz-target and content-length *when the caller
 *   passes it* — AWS's suite and the SDK sign it too.
 * - Never signed, the same set AWS SDK v3 leaves out: hop-by-hop headers and headers that agents and
 *   proxies set or rewrite on the way (authorization, cache-control, connection, expect, from,
 *   keep-alive, max-forwards, pragma, referer, te, trailer, transfer-encoding, upgrade, user-agent,
 *   x-amzn-trace-id, proxy-*, sec-*). They are still returned, so they are still sent.
 * - Why that is safe under n8n: headers are signed as they stand when `authenticate` runs. n8n adds
 *   User-Agent and axios adds Content-Length, Accept and Accept-Encoding after that, and only when the
 *   request lacks them (checked in n8n 2.40 / axios 1.18), so headers added later are never part of the
 *   signature. Callers should leave Content-Length to axios: axios computes it from the same bytes.
 * - Authorization, X-Amz-Date and X-Amz-Security-Token belong to this module: a caller's copy in any
 *   letter case, e.g. left over from an earlier attempt of the same request, is dropped and replaced
 *   rather than signed twice.
 * - A header given as an array, or under several letter cases, is sent and signed as one header whose
 *   value is the trimmed values joined with ',' (AWS's rule for repeated headers); axios would otherwise
 *   keep only one of the spellings.
 *
 * Limits:
 * - The URL's path is taken verbatim and URI-encoded once more, which is AWS's double encoding for every
 *   service but S3 — so pass the path in wire form (percent-encoded, as `new URL(x).href` gives). A raw
 *   space or non-ASCII character is signed as if sent raw (what AWS's suite models), but axios would
 *   send it percent-encoded and AWS would then compute a different signature.
 * - `.`/`..` segments are removed and empty segments collapsed; a path that ends in `.` or `..` keeps its
 *   trailing slash as RFC 3986 (and therefore the URL axios sends) does. SDK v3 drops that slash; AWS's
 *   suite has no such case.
 * - Query values are compared decoded: `%41` and `A` sign alike, and `+` is a plus sign, never a space
 *   (send spaces as %20). A stray `%` is signed as `%25`.
 */
import { createHmac, randomBytes } from 'node:crypto';

import { sha256Hex } from '../sha256';

export interface AwsCredentialKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface SignableRequest {
	/** 'POST', 'GET', ... */
	method: string;
	/** Absolute http(s) URL including the query, in wire form. */
	url: string;
	/** As the caller will send them, in any letter case. */
	headers: Record<string, string | string[] | undefined>;
	/** The exact bytes that will be sent; '' or undefined for none. */
	body?: string | Uint8Array;
}

export interface SigningOptions {
	/** Signing name: 'sagemaker', 'sqs', 'sts', ... (never derived from the host). */
	service: string;
	region: string;
	/** Defaults to the current time. */
	now?: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SCOPE_TERMINATOR = 'aws4_request';
const AMZ_DATE = 'x-amz-date';
const SECURITY_TOKEN = 'x-amz-security-token';

const UNSIGNED_HEADERS = new Set([
	'authorization',
	'cache-control',
	'connection',
	'expect',
	'from',
	'keep-alive',
	'max-forwards',
	'pragma',
	'referer',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'user-agent',
	'x-amzn-trace-id',
]);
const UNSIGNED_PREFIX = /^(?:proxy-|sec-)/;

const OWN_HEADERS = new Set(['authorization', AMZ_DATE, SECURITY_TOKEN]);

// A region or signing name lands inside the credential scope `date/region/service/aws4_request`;
// anything else (a slash, a stray space from a form field) would sign a scope AWS never computes.
const SCOPE_PART = /^[A-Za-z0-9._-]+$/;

// Wire form `scheme://authority path ?query #fragment`; the path and query are read verbatim because
// the WHATWG parser would re-encode them and AWS signs what is on the wire.
const URL_PARTS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)(?:\?([^#]*))?/;

// Deriving a signing key costs four HMACs and changes once a day per region and service, so keys are
// memoised. The memo is keyed by a salted HMAC of the secret, so neither the secret nor a hash anyone
// could test a guess against sits in it; the salt lives only in this process. That salted HMAC is itself
// remembered per keys object (a caller that signs many requests with one object pays it once); the entry
// goes with the object, which holds the secret anyway.
const KEY_CACHE_LIMIT = 32;
const keyCacheSalt = randomBytes(32);
const signingKeys = new Map<string, Buffer>();
const secretIds = new WeakMap<AwsCredentialKeys, { secret: string; id: string }>();

/**
 * The headers to send: the caller's, plus Host (if absent), X-Amz-Date, X-Amz-Security-Token (with a
 * session token) and Authorization.
 */
export function signRequest(
	request: SignableRequest,
	credentials: AwsCredentialKeys,
	options: SigningOptions,
): Record<string, string> {
	const { accessKeyId, secretAccessKey, sessionToken } = credentials;
	if (typeof accessKeyId !== 'string' || accessKeyId === '') {
		throw new Error('AWS signing: the access key ID is missing');
	}
	if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
		throw new Error('AWS signing: the secret access key is missing');
	}
	const { service, region } = options;
	if (typeof region !== 'string' || !SCOPE_PART.test(region)) {
		throw new Error(`AWS signing: region ${JSON.stringify(region)} is not a valid AWS region name`);
	}
	if (typeof service !== 'string' || !SCOPE_PART.test(service)) {
		throw new Error(`AWS signing: service ${JSON.stringify(service)} is not a valid signing name`);
	}

	const amzDate = toAmzDate(options.now ?? new Date());
	const shortDate = amzDate.slice(0, 8);
	const { host, path, query } = splitUrl(request.url);
	const payloadHash = sha256Hex(request.body ?? '');

	const headers = collectHeaders(request.headers);
	if (!headers.has('host')) headers.set('host', { name: 'Host', values: [host] });
	headers.set(AMZ_DATE, { name: 'X-Amz-Date', values: [amzDate] });
	if (typeof sessionToken === 'string' && sessionToken !== '') {
		headers.set(SECURITY_TOKEN, { name: 'X-Amz-Security-Token', values: [sessionToken] });
	}

	const signedNames: string[] = [];
	for (const name of headers.keys()) {
		if (!UNSIGNED_HEADERS.has(name) && !UNSIGNED_PREFIX.test(name)) signedNames.push(name);
	}
	signedNames.sort();
	let canonicalHeaders = '';
	for (const name of signedNames) {
		canonicalHeaders += `${name}:${canonicalHeaderValue(headers.get(name)!.values)}\n`;
	}
	const signedHeaders = signedNames.join(';');

	const canonicalRequest = [
		// Unset means GET in n8n and axios alike; axios sends the method upper-cased.
		(request.method || 'GET').toUpperCase(),
		canonicalPath(path),
		canonicalQuery(query),
		canonicalHeaders,
		signedHeaders,
		payloadHash,
	].join('\n');
	const scope = `${shortDate}/${region}/${service}/${SCOPE_TERMINATOR}`;
	const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
	const signature = createHmac('sha256', signingKey(credentials, shortDate, region, service))
		.update(stringToSign)
		.digest('hex');

	const out: Record<string, string> = {};
	for (const { name, values } of headers.values()) {
		out[name] = values.length === 1 ? values[0] : canonicalHeaderValue(values);
	}
	out.Authorization = `${ALGORITHM} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
	return out;
}

interface HeaderEntry {
	/** The first spelling the caller used; it is the one sent. */
	name: string;
	values: string[];
}

function collectHeaders(given: SignableRequest['headers']): Map<string, HeaderEntry> {
	const headers = new Map<string, HeaderEntry>();
	// n8n leaves `headers` unset on requests that have none.
	for (const name of Object.keys(given ?? {})) {
		const value = given[name];
		// An empty list sends no header line, so it must not be signed as an empty value either.
		if (value == null || (Array.isArray(value) && value.length === 0)) continue;
		const lower = name.toLowerCase();
		if (OWN_HEADERS.has(lower)) continue;
		let entry = headers.get(lower);
		if (entry === undefined) {
			entry = { name, values: [] };
			headers.set(lower, entry);
		}
		// n8n passes IDataObject headers, so a number can arrive despite the type.
		if (Array.isArray(value)) for (const item of value) entry.values.push(String(item));
		else entry.values.push(String(value));
	}
	return headers;
}

function canonicalHeaderValue(values: string[]): string {
	return values.length === 1 ? foldSpaces(values[0]) : values.map(foldSpaces).join(',');
}

// Same rule as AWS SDK v3: line breaks become spaces, runs of spaces and tabs become one space, and
// spaces at either end go. Other Unicode whitespace is content.
function foldSpaces(value: string): string {
	const folded = value.replace(/[ \t\r\n]+/g, ' ');
	const start = folded.charCodeAt(0) === 32 ? 1 : 0;
	const end =
		folded.length > start && folded.charCodeAt(folded.length - 1) === 32
			? folded.length - 1
			: folded.length;
	return folded.slice(start, end);
}

// Requests signed within the same second share their X-Amz-Date.
let lastSecond = Number.NaN;
let lastAmzDate = '';

function toAmzDate(now: Date): string {
	const time = now instanceof Date ? now.getTime() : Number.NaN;
	if (!Number.isFinite(time)) throw new Error('AWS signing: the signing time is not a valid date');
	const second = Math.floor(time / 1000);
	if (second !== lastSecond) {
		// 2015-08-30T12:36:00.000Z -> 20150830T123600Z
		lastAmzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
		lastSecond = second;
	}
	return lastAmzDate;
}

function splitUrl(url: string): { host: string; path: string; query: string } {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	const parts = typeof url === 'string' ? URL_PARTS.exec(url) : null;
	if (
		parsed === undefined ||
		parts === null ||
		(parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
	) {
		throw new Error('AWS signing: the request URL is not an absolute http(s) URL');
	}
	// URL.host is what Node sends as Host: lower-cased, port kept only when it is not the default one.
	return { host: parsed.host, path: parts[1], query: parts[2] ?? '' };
}

function canonicalPath(path: string): string {
	const segments = path.split('/');
	const kept: string[] = [];
	for (const segment of segments) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') kept.pop();
		else kept.push(segment);
	}
	const last = segments[segments.length - 1];
	const trailingSlash = kept.length > 0 && (last === '' || last === '.' || last === '..');
	return uriEncode(`/${kept.join('/')}${trailingSlash ? '/' : ''}`).replace(/%2F/g, '/');
}

function canonicalQuery(query: string): string {
	if (query === '') return '';
	const pairs: Array<[string, string]> = [];
	for (const part of query.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		pairs.push(
			eq === -1
				? [requoteQueryComponent(part), '']
				: [requoteQueryComponent(part.slice(0, eq)), requoteQueryComponent(part.slice(eq + 1))],
		);
	}
	// Encoded strings are ASCII, so code-unit order is AWS's byte order.
	pairs.sort((a, b) =>
		a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0,
	);
	return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

// Decoding then re-encoding a query component, done on the escapes directly: a valid `%XX` is one byte
// whatever UTF-8 it belongs to, so `%FF` survives where decodeURIComponent would throw.
function requoteQueryComponent(component: string): string {
	if (!component.includes('%')) return uriEncode(component);
	const parts = component.split(/(%[0-9A-Fa-f]{2})/);
	let out = '';
	for (let i = 0; i < parts.length; i++) {
		if (i % 2 === 0) {
			out += uriEncode(parts[i]);
		} else {
			const byte = parseInt(parts[i].slice(1), 16);
			out += isUnreservedByte(byte) ? String.fromCharCode(byte) : parts[i].toUpperCase();
		}
	}
	return out;
}

function isUnreservedByte(byte: number): boolean {
	return (
		(byte >= 0x30 && byte <= 0x39) ||
		(byte >= 0x41 && byte <= 0x5a) ||
		(byte >= 0x61 && byte <= 0x7a) ||
		byte === 0x2d ||
		byte === 0x2e ||
		byte === 0x5f ||
		byte === 0x7e
	);
}

// RFC 3986: everything but A-Z a-z 0-9 - . _ ~ is percent-encoded as UTF-8, in upper-case hex.
function uriEncode(value: string): string {
	let encoded: string;
	try {
		encoded = encodeURIComponent(value);
	} catch {
		// A lone surrogate: the URL parser and Buffer both send it as U+FFFD, so sign that.
		encoded = encodeURIComponent(
			value.replace(
				/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
				'\uFFFD',
			),
		);
	}
	return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function secretId(credentials: AwsCredentialKeys): string {
	const secret = credentials.secretAccessKey;
	let known = secretIds.get(credentials);
	if (known?.secret !== secret) {
		known = { secret, id: createHmac('sha256', keyCacheSalt).update(secret).digest('base64') };
		secretIds.set(credentials, known);
	}
	return known.id;
}

function signingKey(
	credentials: AwsCredentialKeys,
	shortDate: string,
	region: string,
	service: string,
): Buffer {
	const secret = credentials.secretAccessKey;
	const id = `${secretId(credentials)}/${shortDate}/${region}/${service}`;
	let key = signingKeys.get(id);
	if (key === undefined) {
		key = createHmac('sha256', `AWS4${secret}`).update(shortDate).digest();
		key = createHmac('sha256', key).update(region).digest();
		key = createHmac('sha256', key).update(service).digest();
		key = createHmac('sha256', key).update(SCOPE_TERMINATOR).digest();
		if (signingKeys.size >= KEY_CACHE_LIMIT) signingKeys.delete(signingKeys.keys().next().value!);
		signingKeys.set(id, key);
	}
	return key;
}
