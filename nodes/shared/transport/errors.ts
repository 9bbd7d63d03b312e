/**
 * What went wrong with an AWS call, read the way the AWS SDK reads it: the error code from the
 * JSON body's `__type` (which may be `namespace#Name`), the `x-amzn-ErrorType` header, SQS's
 * `x-amzn-query-error` header, or the `<Code>` of a Query (XML) error; the message from
 * `message`/`Message`. Pure parsing: no n8n types here (see nodeErrors for what users see).
 */
import type { AwsService } from './protocol';
import { redactAwsText } from './redact';

/** The name our credential gives errors it raises itself, so they are never retried. */
export const SIGNING_ERROR_NAME = 'AwsSigningError';

export interface AwsErrorDetails {
	service: AwsService;
	operation: string;
	code: string;
	message: string;
	httpStatus?: number;
	requestId?: string;
	/** true when no HTTP answer came back */
	network: boolean;
	attempts: number;
}

export class AwsApiError extends Error {
	readonly details: AwsErrorDetails;

	constructor(details: AwsErrorDetails) {
		super(details.message);
		this.name = 'AwsApiError';
		this.details = details;
	}

	get code(): string {
		return this.details.code;
	}
}

type Headers = Record<string, unknown>;

export function header(headers: Headers | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.map(String).join(',');
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/** AWS request ids are UUIDs or short base-32/64 strings; anything else from an endpoint is not shown. */
const REQUEST_ID = /^[A-Za-z0-9+/=_-]{1,128}$/;

export function requestIdOf(headers: Headers | undefined, body?: string): string | undefined {
	const id =
		header(headers, 'x-amzn-requestid') ??
		header(headers, 'x-amz-request-id') ??
		(body ? /<RequestId>([^<]{0,200})<\/RequestId>/.exec(body)?.[1] : undefined);
	return id !== undefined && REQUEST_ID.test(id.trim()) ? id.trim() : undefined;
}

/** AWS error codes: `ThrottlingException`, `AWS.SimpleQueueService.NonExistentQueue`. */
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9._-]{0,99}$/;

/**
 * `com.amazonaws.sqs#QueueDoesNotExist` → `QueueDoesNotExist`; `Name:http://...` → `Name`; undefined for
 * anything that does not look like an AWS code (it is shown to users and decides retries).
 */
function sanitizeCode(raw: string): string | undefined {
	let code = raw.trim();
	const colon = code.indexOf(':');
	if (colon >= 0) code = code.slice(0, colon);
	const hash = code.lastIndexOf('#');
	if (hash >= 0) code = code.slice(hash + 1);
	return ERROR_CODE.test(code) ? code : undefined;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character reference XML allows, or U+FFFD for one it does not (`&#99999999;` must not throw). */
function fromCodePoint(codePoint: number): string {
	const valid =
		Number.isInteger(codePoint) &&
		(codePoint === 0x9 ||
			codePoint === 0xa ||
			codePoint === 0xd ||
			(codePoint >= 0x20 && codePoint <= 0xd7ff) ||
			(codePoint >= 0xe000 && codePoint <= 0xfffd) ||
			(codePoint >= 0x10000 && codePoint <= 0x10ffff));
	return valid ? String.fromCodePoint(codePoint) : '\ufffd';
}

export function decodeXmlText(text: string): string {
	return text.replace(
		/&(amp|lt|gt|quot|apos|#\d{1,8}|#x[0-9a-fA-F]{1,8});/g,
		(_, entity: string) => {
			if (entity.startsWith('#x')) return fromCodePoint(parseInt(entity.slice(2), 16));
			if (entity.startsWith('#')) return fromCodePoint(parseInt(entity.slice(1), 10));
			return XML_ENTITIES[entity];
		},
	);
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

/** Code and message of an AWS error response, whatever protocol it came in. */
export function parseErrorResponse(
	httpStatus: number,
	headers: Headers | undefined,
	body: string,
): { code: string; message: string } {
	const json = parseJsonObject(body);
	const xmlCode = /<Code>([^<]{0,200})<\/Code>/.exec(body)?.[1];
	const xmlMessage = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];

	// SQS's JSON protocol keeps the legacy Query error code in this header, as the SDK does.
	const queryError = header(headers, 'x-amzn-query-error');
	const rawCode =
		(queryError ? queryError.split(';')[0] : undefined) ??
		header(headers, 'x-amzn-errortype') ??
		(typeof json?.__type === 'string' ? json.__type : undefined) ??
		(typeof json?.code === 'string' ? json.code : undefined) ??
		xmlCode;

	const rawMessage =
		(typeof json?.message === 'string' ? json.message : undefined) ??
		(typeof json?.Message === 'string' ? json.Message : undefined) ??
		(xmlMessage !== undefined ? decodeXmlText(xmlMessage) : undefined);

	const code = (rawCode ? sanitizeCode(rawCode) : undefined) ?? `Http${httpStatus}`;
	// The one place an AWS message is read: what it echoes of the request never goes further.
	const message =
		redactAwsText(rawMessage?.trim() ?? '') || `HTTP ${httpStatus} with no error message`;
	return { code, message };
}
