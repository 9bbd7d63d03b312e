/**
 * The credential's pre-authentication: with Assume Role, get the role's temporary keys from STS and
 * return them in the hidden expirable field, which n8n merges into the credential (and stores).
 *
 * n8n calls it for every request that finds the field empty, and the node sends up to
 * "Max Concurrent Requests" at once, so concurrent calls for the same credential object share one
 * AssumeRole. A refusal (as opposed to a network failure) is remembered on that object for a minute
 * and thrown again without asking STS: a thousand items must not become a thousand AccessDenied calls,
 * yet a long-running trigger still picks up a fixed trust policy soon.
 */
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { readCredentialData, type AwsSageMakerCredentialData } from '../credentialData';
import { assumeRole } from './assumeRole';
import { CredentialError } from './credentialError';
import { assumeRoleInput } from './fieldChecks';
import { serializeSession, SESSION_FIELD, settingsFingerprint } from './session';

export const REFUSAL_MEMORY_MS = 60_000;

interface Pending {
	settings: string;
	promise: Promise<IDataObject>;
}

const inFlight = new WeakMap<object, Pending>();
const refusals = new WeakMap<object, { settings: string; at: number; error: CredentialError }>();

async function assumeFresh(
	helper: IHttpRequestHelper,
	data: AwsSageMakerCredentialData,
): Promise<IDataObject> {
	const input = assumeRoleInput(data);
	const issuedAt = Date.now();
	const role = await assumeRole(helper.helpers.httpRequest, data, input);
	return { [SESSION_FIELD]: serializeSession(role, data, issuedAt) };
}

export async function assumeRolePreAuthentication(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const data = readCredentialData(credentials);
	if (data.authentication !== 'assumeRole') return {};
	const settings = settingsFingerprint(data);

	const pending = inFlight.get(credentials);
	if (pending?.settings === settings) return await pending.promise;
	const refused = refusals.get(credentials);
	if (refused?.settings === settings && Date.now() - refused.at < REFUSAL_MEMORY_MS)
		throw refused.error;

	const promise = assumeFresh(helper, data);
	inFlight.set(credentials, { settings, promise });
	void promise
		.then(
			() => refusals.delete(credentials),
			(error: unknown) => {
				if (error instanceof CredentialError && !error.transient) {
					refusals.set(credentials, { settings, at: Date.now(), error });
				}
			},
		)
		.finally(() => {
			if (inFlight.get(credentials)?.promise === promise) inFlight.delete(credentials);
		});
	return await promise;
}
