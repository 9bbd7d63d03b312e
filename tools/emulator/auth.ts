/**
 * SigV4 verification of incoming requests, independent of the package's own signer.
 *
 * The signature is recomputed with `@smithy/signature-v4` (the AWS SDK's signer) over the exact bytes received
 * and only the headers the client listed in SignedHeaders, then compared in constant time. Checked on the way,
 * in the order AWS reports them: the Authorization header's form, the access key, the session token and its
 * expiry, the credential scope (date, region, service, terminator), the clock skew, the payload hash, the
 * signature. Each failure is an AuthError whose reason server.ts turns into each protocol's own error code.
 *
 * Not covered: presigned (query-string) requests, SigV4a, chunked/streaming payloads, the `Date` header as a
 * substitute for `X-Amz-Date` (every AWS SDK sends X-Amz-Date). Keys are held in a CredentialStore that STS's
 * AssumeRole also writes to.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import type { HttpRequest, HeaderBag, QueryParameterBag } from '@smithy/types';

export interface CredentialRecord {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** Epoch milliseconds; requests signed with the key after this get ExpiredToken. */
	expiresAt?: number;
	/** What GetCallerIdentity answers for this key. */
	arn: string;
	userId: string;
}

export class CredentialStore {
	private readonly keys = new Map<string, CredentialRecord>();

	add(record: CredentialRecord): void {
		this.keys.set(record.accessKeyId, record);
	}

	get(accessKeyId: string): CredentialRecord | undefined {
		return this.keys.get(accessKeyId);
	}

	/** Drops every key except those `keep` names (the emulator's base key survives reset()). */
	clear(keep: (record: CredentialRecord) => boolean): void {
		for (const [id, record] of this.keys) if (!keep(record)) this.keys.delete(id);
	}
}

export type AuthFailure =
	| 'MissingAuthenticationToken'
	| 'IncompleteSignature'
	| 'UnrecognizedClient'
	| 'InvalidSignature'
	| 'ExpiredToken';

export class AuthError extends Error {
	constructor(
		readonly reason: AuthFailure,
		message: string,
	) {
		super(message);
	}
}

export interface IncomingSignedRequest {
	method: string;
	/** The request target as received, path and query. */
	url: string;
	/** Node's rawHeaders: name, value, name, value... */
	rawHeaders: string[];
	body: Buffer;
}

export interface VerifyOptions {
	service: string;
	regions: readonly string[];
	clockSkewToleranceSec: number;
	now: number;
	store: CredentialStore;
}

class Sha256 extends Hash {
	constructor(secret?: Parameters<typeof Hash.prototype.update>[0]) {
		super('sha256', secret as never);
	}
}

/** Exposes the signer's canonical request and string-to-sign so a mismatch can be explained as AWS does. */
class Verifier extends SignatureV4 {
	constructor(credentials: CredentialRecord, region: string, service: string) {
		super({
			credentials: {
				accessKeyId: credentials.accessKeyId,
				secretAccessKey: credentials.secretAccessKey,
			},
			region,
			service,
			sha256: Sha256,
			applyChecksum: false,
		});
	}

	async explain(request: HttpRequest, payloadHash: string, longDate: string, scope: string) {
		const canonicalHeaders: HeaderBag = {};
		for (const [name, value] of Object.entries(request.headers)) {
			canonicalHeaders[name] = value
				.replace(/[\r\n]/g, ' ')
				.replace(/[ \t]+/g, ' ')
				.trim();
		}
		const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
		const stringToSign = await this.createStringToSign(
			longDate,
			scope,
			canonicalRequest,
			'AWS4-HMAC-SHA256',
		);
		return { canonicalRequest, stringToSign };
	}
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function parseAmzDate(value: string): Date | undefined {
	const m = AMZ_DATE.exec(value);
	if (!m) return undefined;
	const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
	return Number.isNaN(date.getTime()) ? undefined : date;
}

function formatAmzDate(ms: number): string {
	return new Date(ms)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z')
		.replace(/[-:]/g, '');
}

function headerValues(rawHeaders: string[]): Map<string, string[]> {
	const values = new Map<string, string[]>();
	for (let i = 0; i < rawHeaders.length; i += 2) {
		const name = rawHeaders[i].toLowerCase();
		const list = values.get(name) ?? [];
		list.push(rawHeaders[i + 1]);
		values.set(name, list);
	}
	return values;
}

function parseAuthorization(header: string) {
	const prefix = 'AWS4-HMAC-SHA256 ';
	if (!header.startsWith(prefix)) {
		throw new AuthError(
			'IncompleteSignature',
			`Authorization header must start with '${prefix.trim()}' (SigV4); got '${header.split(' ')[0]}'.`,
		);
	}
	const parts = new Map<string, string>();
	for (const part of header.slice(prefix.length).split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
	}
	const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((p) => !parts.get(p));
	if (missing.length > 0) {
		throw new AuthError(
			'IncompleteSignature',
			missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' ') +
				` Authorization=${header.replace(/Signature=\S*/, 'Signature=…')}`,
		);
	}
	const credential = parts.get('Credential')!.split('/');
	if (credential.length !== 5) {
		throw new AuthError(
			'IncompleteSignature',
			`Credential '${parts.get('Credential')}' is malformed; expected <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.`,
		);
	}
	const [accessKeyId, date, region, service, terminator] = credential;
	return {
		accessKeyId,
		date,
		region,
		service,
		terminator,
		signedHeaders: parts.get('SignedHeaders')!.split(';'),
		signature: parts.get('Signature')!,
	};
}

/** Verifies the request's SigV4 signature and returns the key it was signed with, or throws an AuthError. */
export async function verifySigV4(
	request: IncomingSignedRequest,
	options: VerifyOptions,
): Promise<CredentialRecord> {
	const headers = headerValues(request.rawHeaders);
	const single = (name: string) => headers.get(name)?.join(',');
	const authorization = single('authorization');
	if (!authorization) {
		throw new AuthError('MissingAuthenticationToken', 'Missing Authentication Token');
	}
	const auth = parseAuthorization(authorization);

	const amzDate = single('x-amz-date');
	if (!amzDate) {
		throw new AuthError(
			'IncompleteSignature',
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
		);
	}
	const signingDate = parseAmzDate(amzDate);
	if (!signingDate) {
		throw new AuthError(
			'IncompleteSignature',
			`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
		);
	}

	const key = options.store.get(auth.accessKeyId);
	if (!key)
		throw new AuthError(
			'UnrecognizedClient',
			'The security token included in the request is invalid.',
		);
	const token = single('x-amz-security-token');
	if ((key.sessionToken ?? undefined) !== (token ?? undefined)) {
		throw new AuthError(
			'UnrecognizedClient',
			'The security token included in the request is invalid.',
		);
	}
	if (key.expiresAt !== undefined && key.expiresAt <= options.now) {
		throw new AuthError('ExpiredToken', 'The security token included in the request is expired');
	}

	if (auth.date !== amzDate.slice(0, 8)) {
		throw new AuthError(
			'InvalidSignature',
			`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
		);
	}
	if (!options.regions.includes(auth.region)) {
		throw new AuthError(
			'InvalidSignature',
			`Credential should be scoped to a valid region, not '${auth.region}'. `,
		);
	}
	if (auth.service !== options.service) {
		throw new AuthError(
			'InvalidSignature',
			`Credential should be scoped to correct service: '${options.service}'. `,
		);
	}
	if (auth.terminator !== 'aws4_request') {
		throw new AuthError(
			'InvalidSignature',
			`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `,
		);
	}

	const toleranceMs = options.clockSkewToleranceSec * 1000;
	const skew = signingDate.getTime() - options.now;
	const minutes = `${Math.round(options.clockSkewToleranceSec / 60)} min.`;
	if (skew < -toleranceMs) {
		throw new AuthError(
			'InvalidSignature',
			`Signature expired: ${amzDate} is now earlier than ${formatAmzDate(options.now - toleranceMs)} (${formatAmzDate(options.now)} - ${minutes})`,
		);
	}
	if (skew > toleranceMs) {
		throw new AuthError(
			'InvalidSignature',
			`Signature not yet current: ${amzDate} is still later than ${formatAmzDate(options.now + toleranceMs)} (${formatAmzDate(options.now)} + ${minutes})`,
		);
	}

	const signed = auth.signedHeaders.map((h) => h.toLowerCase());
	if (!signed.includes('host')) {
		throw new AuthError(
			'InvalidSignature',
			"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
		);
	}

	const payloadHash = createHash('sha256').update(request.body).digest('hex');
	const declaredHash = single('x-amz-content-sha256');
	if (declaredHash !== undefined && declaredHash !== payloadHash) {
		throw new AuthError(
			'InvalidSignature',
			"The provided 'x-amz-content-sha256' header does not match what was computed.",
		);
	}

	const signedHeaderBag: HeaderBag = {};
	for (const name of signed) signedHeaderBag[name] = headers.get(name)?.join(',') ?? '';
	const target = new URL(request.url, 'http://emulator');
	const query: QueryParameterBag = {};
	for (const [name, value] of target.searchParams) {
		const existing = query[name];
		query[name] =
			existing === undefined || existing === null
				? value
				: ([] as string[]).concat(existing, value);
	}
	const httpRequest: HttpRequest = {
		method: request.method,
		protocol: 'http:',
		hostname: signedHeaderBag.host ?? '',
		path: decodeURIComponent(target.pathname),
		query,
		headers: signedHeaderBag,
		body: request.body,
	};

	const verifier = new Verifier(key, auth.region, auth.service);
	const resigned = await verifier.sign(httpRequest, {
		signingDate,
		signingRegion: auth.region,
		signingService: auth.service,
		signableHeaders: new Set(signed),
	});
	const expected =
		/Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
	const expectedList = /SignedHeaders=([^,]*)/.exec(String(resigned.headers.authorization))?.[1];
	const matches =
		expectedList === auth.signedHeaders.join(';') &&
		auth.signature.length === expected.length &&
		timingSafeEqual(Buffer.from(auth.signature), Buffer.from(expected));
	if (!matches) {
		const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
		const { canonicalRequest, stringToSign } = await verifier.explain(
			httpRequest,
			payloadHash,
			amzDate,
			scope,
		);
		throw new AuthError(
			'InvalidSignature',
			'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
				`\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
		);
	}
	return key;
}
