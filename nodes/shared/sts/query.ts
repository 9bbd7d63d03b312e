/**
 * The Query protocol's request body (`Action=...&Version=2011-06-15&Param=...`), RFC 3986-encoded as
 * SigV4 and STS expect. Shared by the transport (GetCallerIdentity and friends) and AssumeRole.
 */
import { encodeRfc3986, STS_QUERY } from '../transport/protocol';

export function stsQueryBody(action: string, params: object = {}): string {
	const all: Record<string, unknown> = { Action: action, Version: STS_QUERY.version, ...params };
	return Object.entries(all)
		.filter(([, value]) => value !== undefined)
		.map(([key, value]) => `${encodeRfc3986(key)}=${encodeRfc3986(String(value))}`)
		.join('&');
}
