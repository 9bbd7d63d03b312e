/**
 * Shared by the credential tests: an Assume Role credential for the emulator, a run of "Send Step
 * Success" over callback steps that keeps the credential store between runs (as n8n's database does),
 * and readers for what the emulator saw on the wire.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import type { Emulator, RecordedRequest } from '../../tools/emulator';
import { chain, runWorkflow, sageMakerNode, startNode, type RunResult } from '../harness/engine';
import { emulatorCredential, requestsFor } from '../harness/emulator';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/n8n-callbacks';
export const ASSUMED_ROLE_ARN_PREFIX = 'arn:aws:sts::123456789012:assumed-role/n8n-callbacks/';

/** The credential store of one "n8n instance": runs read it and pre-authentication writes back to it. */
export type CredentialStore = Record<string, ICredentialDataDecryptedObject>;

export function assumeRoleStore(emulator: Emulator, overrides: IDataObject = {}): CredentialStore {
	return {
		awsSageMakerApi: emulatorCredential(emulator, {
			authentication: 'assumeRole',
			roleArn: ROLE_ARN,
			...overrides,
		}),
	};
}

export const sendSuccess = {
	resource: 'callbackStep',
	operation: 'sendSuccess',
	callbackToken: '={{ $json.token }}',
};

/** Start → Send Step Success for each token, with the given credential store. */
export async function completeSteps(
	store: CredentialStore,
	tokens: string[],
	options: { parameters?: IDataObject; node?: Partial<INode> } = {},
): Promise<RunResult> {
	return await runWorkflow({
		nodes: [startNode(), sageMakerNode({ ...sendSuccess, ...options.parameters }, options.node)],
		connections: chain('Start', 'SageMaker'),
		credentials: store,
		input: tokens.map((token) => ({ token })),
	});
}

/** The access key a request was signed with, from its Authorization header. */
export function signingKeyOf(request: RecordedRequest): string {
	return /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

/** The credential scope's region and service, e.g. "eu-west-1/sagemaker". */
export function scopeOf(request: RecordedRequest): string {
	return (
		/Credential=[^/]+\/\d{8}\/([^/]+\/[^/]+)\//.exec(request.headers.authorization ?? '')?.[1] ?? ''
	);
}

export function assumeRoleRequests(emulator: Emulator): RecordedRequest[] {
	return requestsFor(emulator, 'AssumeRole');
}

/** Nothing secret in what n8n keeps of a run (outputs, errors, descriptions). */
export function expectNoSecrets(result: RunResult, secrets: string[]): void {
	const kept = JSON.stringify(result.run);
	for (const secret of secrets) expect(kept).not.toContain(secret);
}
