/**
 * Keeps secrets out of every text that leaves the package (error messages, descriptions, log lines).
 *
 * Two layers, because neither alone is enough:
 * - `redactAwsText` drops what an AWS answer may echo of the request: on a signature mismatch AWS JSON and
 *   Query services append the canonical request (with the `x-amz-security-token:` header) and the string to
 *   sign; a proxy or a hostile endpoint may echo an Authorization header or a signature. It also bounds the
 *   length, so a huge answer cannot flood an execution or a log.
 * - `scrubSecrets` replaces the credential's own secret values (secret key, session token, the assumed role's
 *   keys, the external ID) wherever they appear, however the text was built.
 * And `displayUrl` for the endpoints messages name: a custom endpoint may carry a user name and password.
 *
 * Limits: a secret shorter than MIN_SECRET_LENGTH is not searched for (it would blank ordinary words); the
 * patterns know the header names AWS uses, not every way a foreign server could spell a secret.
 */

/** The longest AWS message kept; AWS's own messages are far shorter. */
export const MAX_MESSAGE_LENGTH = 1000;
const MIN_SECRET_LENGTH = 6;
const HIDDEN = '***';

/** Where AWS starts echoing the request it computed: everything from there on is dropped. */
const ECHO_START =
	/(?:The Canonical String for this request should have been|The String-to-Sign should have been)[\s\S]*$/i;

/** Read no further than this into a text: the patterns stay cheap whatever an endpoint sends. */
const MAX_SCANNED_LENGTH = 64 * 1024;

const SECRET_PATTERNS: Array<[RegExp, string]> = [
	// a header written out as "name: value" or "name=value" (canonical requests, proxies echoing headers)
	[
		/(x-amz-security-token|x-amz-signature|authorization|proxy-authorization|cookie)(\s*[:=]\s*)[^\r\n]*/gi,
		`$1$2${HIDDEN}`,
	],
	[/(Signature\s*=\s*)[0-9a-fA-F]{16,}/g, `$1${HIDDEN}`],
	// the string to sign, when it comes without AWS's announcement
	[/AWS4-HMAC-SHA256\s+\d{8}T\d{6}Z\s+\S+\s+[0-9a-f]{64}/g, HIDDEN],
];

/** What an AWS answer says, without the echoed request, header values or signatures, and bounded. */
export function redactAwsText(text: string): string {
	let out = (text.length > MAX_SCANNED_LENGTH ? text.slice(0, MAX_SCANNED_LENGTH) : text)
		.replace(ECHO_START, '')
		.trimEnd();
	for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
	if (text.length > MAX_MESSAGE_LENGTH && out.length > MAX_MESSAGE_LENGTH) {
		out = `${out.slice(0, MAX_MESSAGE_LENGTH)}… (${text.length - MAX_MESSAGE_LENGTH} more characters)`;
	}
	return out;
}

/** Every spelling of a secret that may show up in a text: as is, and URL-encoded (a form body, a query). */
function spellings(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	return encoded === secret ? [secret] : [secret, encoded];
}

/** `text` with every occurrence of the given secret values replaced. */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
		for (const spelling of spellings(secret)) {
			if (out.includes(spelling)) out = out.split(spelling).join(HIDDEN);
		}
	}
	return out;
}

/** Both layers: for any text from the network that is about to be shown or logged. Values first, so a cut cannot split one. */
export function safeText(text: string, secrets: ReadonlyArray<string | undefined>): string {
	return redactAwsText(scrubSecrets(text, secrets));
}

/** An endpoint as messages show it: no user name or password, no query. */
export function displayUrl(endpoint: string): string {
	if (!URL.canParse(endpoint)) return endpoint.slice(0, 200).replace(/\/\/[^/?#]*@/, '//');
	const url = new URL(endpoint);
	return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}
