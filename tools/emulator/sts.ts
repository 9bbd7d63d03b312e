/**
 * AWS STS (Query protocol, XML answers): GetCallerIdentity, which credential tests call, and AssumeRole, which
 * issues temporary keys (ASIA…, session token, expiry) that the server then accepts and whose expiry it enforces.
 *
 * Roles exist only when registered with addRole; assuming an unknown role, or one with the wrong external id or
 * from a principal it does not trust, is AccessDenied (403) as in AWS. Parameters are checked against botocore's
 * sts service-2.json limits (ValidationError). Not covered: session policies (accepted, not applied), tags, MFA,
 * role chaining limits, GetSessionToken and the web-identity/SAML variants.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from './errors';
import type { CredentialRecord, CredentialStore } from './auth';
import { randomString, UPPER_ALNUM } from './ids';
import { xmlEscape, type OperationContext, type ServiceDefinition } from './server';
import { checkShape, coerceQueryScalars, validationMessage, type StructureShape } from './validate';

const AssumeRoleRequest: StructureShape = {
	type: 'structure',
	name: 'AssumeRoleRequest',
	required: ['RoleArn', 'RoleSessionName'],
	members: {
		RoleArn: { type: 'string', min: 20, max: 2048 },
		RoleSessionName: { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' },
		Policy: { type: 'string', min: 1 },
		DurationSeconds: { type: 'integer', min: 900, max: 43200 },
		ExternalId: { type: 'string', min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*' },
		SerialNumber: { type: 'string', min: 9, max: 256, pattern: '[\\w+=/:,.@-]*' },
		TokenCode: { type: 'string', min: 6, max: 6, pattern: '[\\d]*' },
		SourceIdentity: { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' },
	},
};
/** Query-encoded lists (`PolicyArns.member.1.arn`) are accepted and not interpreted. */
const LIST_PARAMETER =
	/^(PolicyArns|Tags|TransitiveTagKeys|ProvidedContexts)\.member\.\d+(\.\w+)?$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const DEFAULT_DURATION_SECONDS = 3600;

export interface RoleOptions {
	roleArn: string;
	externalId?: string;
	/** Principal ARNs allowed to assume the role; any identity of the emulator when absent. */
	allowedPrincipals?: string[];
}

export class StsModel {
	/** Requests per action that passed authentication. */
	readonly calls: Record<string, number> = {};
	private readonly roles = new Map<string, RoleOptions & { roleId: string }>();
	private issuedLifetimeSeconds: number | undefined;

	constructor(
		private readonly accountId: string,
		private readonly credentials: CredentialStore,
		private readonly clock: () => number = Date.now,
	) {}

	addRole(role: RoleOptions): void {
		if (!ROLE_ARN.test(role.roleArn))
			throw new Error(`addRole: '${role.roleArn}' is not an IAM role ARN`);
		this.roles.set(role.roleArn, { ...role, roleId: `AROA${randomString(UPPER_ALNUM, 17)}` });
	}

	/** Makes AssumeRole's keys expire after n seconds, whatever DurationSeconds asked (for refresh tests). */
	setIssuedLifetimeSeconds(seconds: number | undefined): void {
		this.issuedLifetimeSeconds = seconds;
	}

	reset(): void {
		for (const key of Object.keys(this.calls)) delete this.calls[key];
		this.roles.clear();
		this.issuedLifetimeSeconds = undefined;
	}

	service(): ServiceDefinition {
		const count = (action: string) => (this.calls[action] = (this.calls[action] ?? 0) + 1);
		return {
			name: 'sts',
			operations: {
				GetCallerIdentity: (input: Record<string, string>, context: OperationContext) => {
					count('GetCallerIdentity');
					if (Object.keys(input).length > 0) {
						throw new ApiError(
							'ValidationError',
							`GetCallerIdentity takes no parameters; got ${Object.keys(input).join(', ')}.`,
							400,
						);
					}
					const { arn, userId } = context.identity;
					return `<Arn>${xmlEscape(arn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${this.accountId}</Account>`;
				},
				AssumeRole: (input: Record<string, string>, context: OperationContext) => {
					count('AssumeRole');
					return this.assumeRole(input, context.identity);
				},
			},
		};
	}

	private assumeRole(form: Record<string, string>, caller: CredentialRecord): string {
		const scalars: Record<string, string> = {};
		for (const [key, value] of Object.entries(form))
			if (!LIST_PARAMETER.test(key)) scalars[key] = value;
		const input = coerceQueryScalars(AssumeRoleRequest, scalars) as {
			RoleArn: string;
			RoleSessionName: string;
			DurationSeconds?: number;
			ExternalId?: string;
		};
		let problems: string[];
		try {
			problems = checkShape(AssumeRoleRequest, input);
		} catch (error) {
			// The query protocol has no serialization errors: a wrong scalar is a validation error.
			throw new ApiError('ValidationError', (error as Error).message, 400);
		}
		if (problems.length > 0)
			throw new ApiError('ValidationError', validationMessage(problems), 400);
		const parsed = ROLE_ARN.exec(input.RoleArn);
		if (!parsed) {
			throw new ApiError(
				'ValidationError',
				`${input.RoleArn} is invalid: RoleArn must look like arn:aws:iam::<account>:role/<name>.`,
				400,
			);
		}
		const role = this.roles.get(input.RoleArn);
		const denied = new ApiError(
			'AccessDenied',
			`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
			403,
		);
		if (!role) throw denied;
		if (role.allowedPrincipals && !role.allowedPrincipals.includes(caller.arn)) throw denied;
		if (role.externalId !== undefined && role.externalId !== input.ExternalId) throw denied;

		const now = this.clock();
		const lifetime =
			this.issuedLifetimeSeconds ?? input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
		const expiresAt = now + lifetime * 1000;
		const roleName = parsed[3];
		const assumedArn = `arn:aws:sts::${parsed[2]}:assumed-role/${roleName}/${input.RoleSessionName}`;
		const assumedRoleId = `${role.roleId}:${input.RoleSessionName}`;
		const issued: CredentialRecord = {
			accessKeyId: `ASIA${randomString(UPPER_ALNUM, 16)}`,
			secretAccessKey: randomBytes(30).toString('base64'),
			sessionToken: `EMULATOR${randomBytes(96).toString('base64')}`,
			expiresAt,
			arn: assumedArn,
			userId: assumedRoleId,
		};
		this.credentials.add(issued);
		const expiration = new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
		return (
			`<AssumedRoleUser><AssumedRoleId>${xmlEscape(assumedRoleId)}</AssumedRoleId><Arn>${xmlEscape(assumedArn)}</Arn></AssumedRoleUser>` +
			`<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(issued.secretAccessKey)}</SecretAccessKey>` +
			`<SessionToken>${xmlEscape(issued.sessionToken!)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>`
		);
	}
}
