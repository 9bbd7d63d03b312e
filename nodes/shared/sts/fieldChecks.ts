/**
 * Credential fields checked before they are used: the typed region code, and the AssumeRole parameters
 * against STS's limits (botocore sts 2011-06-15 AssumeRoleRequest) — so a typo is reported as the field
 * it is in rather than as an STS ValidationError or, worse, an AccessDenied that sends the user to IAM.
 *
 * Messages may quote the region, the role ARN and the session name (not secret), never the external ID.
 */
import { fieldName, type FIELD_LABELS, type AwsSageMakerCredentialData } from '../credentialData';
import { isRegionCode, partitionOf } from '../regions';
import { CredentialError } from './credentialError';

export const ROLE_ARN_LENGTH = { min: 20, max: 2048 } as const;
export const ROLE_SESSION_NAME_LENGTH = { min: 2, max: 64 } as const;
export const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]*$/;
export const DURATION_SECONDS = { min: 900, max: 43_200 } as const;
export const EXTERNAL_ID_LENGTH = { min: 2, max: 1224 } as const;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]*$/;

/** Shows up in CloudTrail and in the assumed-role ARN, so it says who is calling. */
export const DEFAULT_ROLE_SESSION_NAME = 'n8n-sagemaker-pipelines';

/** arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME — IAM role names are 1–64 of [\w+=,.@-]. */
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

export interface AssumeRoleInput {
	RoleArn: string;
	RoleSessionName: string;
	DurationSeconds: number;
	ExternalId?: string;
}

function fieldError(
	field: keyof typeof FIELD_LABELS,
	problem: string,
	description?: string,
): CredentialError {
	return new CredentialError(`Credential field ${fieldName(field)}: ${problem}`, { description });
}

const ROLE_ARN_FORM =
	'arn:aws:iam::123456789012:role/NAME (the role\'s ARN from the IAM console, "Summary" section)';

function checkRoleArn(roleArn: string, region: string): void {
	if (!roleArn)
		throw fieldError(
			'roleArn',
			'it is empty; Assume Role needs the ARN of the role to assume',
			`Use the form ${ROLE_ARN_FORM}.`,
		);
	if (/^arn:aws[a-z-]*:sts::\d{12}:assumed-role\//.test(roleArn)) {
		throw fieldError(
			'roleArn',
			`${roleArn} is a role session, not a role`,
			`Use the role's own ARN: ${ROLE_ARN_FORM}.`,
		);
	}
	const match = ROLE_ARN.exec(roleArn);
	if (!match || roleArn.length < ROLE_ARN_LENGTH.min || roleArn.length > ROLE_ARN_LENGTH.max) {
		const kind = /^arn:[^:]*:iam::\d{12}:user\//.test(roleArn)
			? ' (that is an IAM user, not a role)'
			: '';
		throw fieldError(
			'roleArn',
			`"${roleArn}" is not an IAM role ARN${kind}`,
			`Use the form ${ROLE_ARN_FORM}.`,
		);
	}
	const rolePartition = match[1];
	const regionPartition = partitionOf(region);
	if (rolePartition !== regionPartition) {
		throw fieldError(
			'roleArn',
			`the role is in the ${rolePartition} partition but the region ${region} is in ${regionPartition}`,
			`Keys and roles never cross partitions (aws, aws-cn, aws-us-gov): pick a region of the role's partition in ${fieldName('region')}.`,
		);
	}
}

function sessionNameOf(typed: string): string {
	if (!typed) return DEFAULT_ROLE_SESSION_NAME;
	const { min, max } = ROLE_SESSION_NAME_LENGTH;
	if (typed.length < min || typed.length > max || !ROLE_SESSION_NAME_PATTERN.test(typed)) {
		throw fieldError(
			'roleSessionName',
			`"${typed}" is not a valid session name`,
			`STS allows ${min}–${max} characters of letters, digits and + = , . @ _ - (no spaces). Leave it empty for "${DEFAULT_ROLE_SESSION_NAME}".`,
		);
	}
	return typed;
}

function checkDuration(seconds: number): void {
	const { min, max } = DURATION_SECONDS;
	if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
		throw fieldError(
			'durationSeconds',
			`${Number.isNaN(seconds) ? 'it is not a number' : `${seconds} is out of range`}`,
			`STS issues role sessions of ${min} to ${max} whole seconds, and at most the role's "Maximum session duration" (1 hour unless raised in IAM).`,
		);
	}
}

function checkExternalId(externalId: string): void {
	const { min, max } = EXTERNAL_ID_LENGTH;
	if (externalId.length < min || externalId.length > max || !EXTERNAL_ID_PATTERN.test(externalId)) {
		throw fieldError(
			'externalId',
			`it must be ${min}–${max} characters of letters, digits and + = , . @ : / _ - (no spaces)`,
			"Copy it exactly as the sts:ExternalId condition of the role's trust policy has it, or leave it empty if the trust policy has none.",
		);
	}
}

/** A typed Region Code must look like one: it goes into host names and the signature's scope. */
export function checkRegion(data: AwsSageMakerCredentialData): void {
	if (!data.customRegion || isRegionCode(data.region)) return;
	throw fieldError(
		'customRegion',
		data.region ? `"${data.region}" is not an AWS region code` : 'it is empty',
		'Type the code of the region, such as eu-west-1 or ap-southeast-6, as the AWS console shows it next to the region name.',
	);
}

/** The AssumeRole request parameters of this credential, or a CredentialError naming the field. */
export function assumeRoleInput(data: AwsSageMakerCredentialData): AssumeRoleInput {
	const { roleArn, externalId, roleSessionName, durationSeconds } = data.assumeRole;
	checkRegion(data);
	checkRoleArn(roleArn, data.region);
	const sessionName = sessionNameOf(roleSessionName);
	checkDuration(durationSeconds);
	if (externalId) checkExternalId(externalId);
	return {
		RoleArn: roleArn,
		RoleSessionName: sessionName,
		DurationSeconds: durationSeconds,
		...(externalId ? { ExternalId: externalId } : {}),
	};
}
