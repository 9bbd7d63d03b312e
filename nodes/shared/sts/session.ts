/**
 * The assumed role's temporary keys, kept in the credential's hidden expirable field.
 *
 * How they live (checked in n8n 2.40's n8n-core and CLI):
 * - Within an execution, the node hands the same decrypted credential object to every request; n8n runs
 *   pre-authentication when the field is empty and Object.assigns its output onto that object, so one
 *   AssumeRole serves every item.
 * - Across executions, n8n writes the output into the stored credential, so the next execution starts
 *   with the keys.
 * - n8n itself only calls pre-authentication for an empty field (or a 401, which AWS never sends). So the
 *   transport empties the field when the keys are close to expiry, were made for other settings (the
 *   user changed the role), or AWS answered ExpiredToken — and n8n then assumes the role again.
 *
 * The stored value is JSON: the keys, their expiry on this machine's clock, the assumed-role ARN, and a
 * fingerprint of the settings they were made for (a hash, so the external ID is not kept in clear).
 */
import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { fieldName, type AwsSageMakerCredentialData } from '../credentialData';
import type { AwsCredentialKeys } from '../transport/sigv4';
import type { AssumedRole } from './assumeRole';
import { CredentialError } from './credentialError';
import { DEFAULT_ROLE_SESSION_NAME } from './fieldChecks';

/** The hidden expirable field of the credential. */
export const SESSION_FIELD = 'assumedRoleSession';

/** Refresh this long before expiry (the AWS SDK's window), at most a fifth of the session's lifetime. */
export const REFRESH_WINDOW_MS = 5 * 60_000;
const REFRESH_SHARE = 0.2;

interface StoredSession {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	arn: string;
	expiration: string;
	expiresAt: number;
	issuedAt: number;
	settings: string;
}

/** Which settings a session was made for; keys made for another role must not be used. */
export function settingsFingerprint(data: AwsSageMakerCredentialData): string {
	const { roleArn, externalId, roleSessionName, durationSeconds } = data.assumeRole;
	return createHash('sha256')
		.update(
			JSON.stringify([
				data.keys.accessKeyId,
				roleArn,
				externalId,
				roleSessionName || DEFAULT_ROLE_SESSION_NAME,
				durationSeconds,
			]),
		)
		.digest('base64');
}

export function serializeSession(
	role: AssumedRole,
	data: AwsSageMakerCredentialData,
	issuedAt: number,
): string {
	const stored: StoredSession = {
		...role.keys,
		arn: role.arn,
		expiration: role.expiration,
		expiresAt: role.expiresAt,
		issuedAt,
		settings: settingsFingerprint(data),
	};
	return JSON.stringify(stored);
}

function readSession(credentials: ICredentialDataDecryptedObject): StoredSession | undefined {
	const raw = credentials[SESSION_FIELD];
	if (typeof raw !== 'string' || raw === '') return undefined;
	try {
		const parsed = JSON.parse(raw) as Partial<StoredSession>;
		const complete =
			typeof parsed.accessKeyId === 'string' &&
			typeof parsed.secretAccessKey === 'string' &&
			typeof parsed.sessionToken === 'string' &&
			typeof parsed.expiresAt === 'number' &&
			typeof parsed.settings === 'string';
		return complete ? (parsed as StoredSession) : undefined;
	} catch {
		return undefined;
	}
}

function refreshAt(session: StoredSession): number {
	const lifetime = Math.max(0, session.expiresAt - (session.issuedAt ?? session.expiresAt));
	return session.expiresAt - Math.min(REFRESH_WINDOW_MS, lifetime * REFRESH_SHARE);
}

function usable(
	session: StoredSession | undefined,
	data: AwsSageMakerCredentialData,
	now: number,
): session is StoredSession {
	return (
		session !== undefined &&
		session.settings === settingsFingerprint(data) &&
		now < refreshAt(session)
	);
}

/**
 * Before a request: with Assume Role, empty the field unless it holds keys for these settings that are
 * not yet due for refresh, so n8n's pre-authentication assumes the role (again).
 */
export function refreshAssumedRoleIfDue(
	credentials: ICredentialDataDecryptedObject | undefined,
	data: AwsSageMakerCredentialData,
	now = Date.now(),
): void {
	if (data.authentication !== 'assumeRole' || !credentials) return;
	if (credentials[SESSION_FIELD] === '' || usable(readSession(credentials), data, now)) return;
	credentials[SESSION_FIELD] = '';
}

/** The field's current value, to tell later whether another request has refreshed it meanwhile. */
export function sessionMarker(credentials: ICredentialDataDecryptedObject | undefined): unknown {
	return credentials?.[SESSION_FIELD];
}

const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException']);

/**
 * After AWS answered ExpiredToken: with Assume Role, drop the keys the request was signed with (unless
 * another request has replaced them already) and say the request is worth sending once more.
 */
export function dropExpiredAssumedRole(
	credentials: ICredentialDataDecryptedObject | undefined,
	data: AwsSageMakerCredentialData,
	code: string,
	markerBefore: unknown,
): boolean {
	if (data.authentication !== 'assumeRole' || !credentials || !EXPIRED_CODES.has(code))
		return false;
	const used =
		markerBefore === '' || markerBefore === undefined ? sessionMarker(credentials) : markerBefore;
	if (credentials[SESSION_FIELD] === used) credentials[SESSION_FIELD] = '';
	return true;
}

/** The assumed role's secret values held in the credential, for scrubbing texts that leave (transport/redact.ts). */
export function sessionSecrets(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	const session = credentials ? readSession(credentials) : undefined;
	return session ? [session.secretAccessKey, session.sessionToken] : [];
}

/** The keys `authenticate` signs with under Assume Role. */
export function assumedRoleKeys(
	credentials: ICredentialDataDecryptedObject,
	data: AwsSageMakerCredentialData,
): AwsCredentialKeys {
	const session = readSession(credentials);
	if (!session || session.settings !== settingsFingerprint(data)) {
		throw new CredentialError(
			`The role in ${fieldName('roleArn')} has not been assumed yet, so there are no keys to sign with`,
			{
				description:
					"n8n assumes the role before the first request (pre-authentication). Save the credential and run the node again; if this persists, the request did not come through this package's nodes.",
			},
		);
	}
	return {
		accessKeyId: session.accessKeyId,
		secretAccessKey: session.secretAccessKey,
		sessionToken: session.sessionToken,
	};
}
