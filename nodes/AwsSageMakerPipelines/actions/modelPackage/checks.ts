/**
 * Input checks of the Model Package operations, run before any request, with the limits of botocore's
 * sagemaker 2017-07-24 model as named constants (EntityName, ArnOrName, VersionedArnOrName,
 * ModelPackageArn, ModelApprovalStatus, ApprovalDescription, CustomerMetadataMap, ClientToken).
 * botocore's patterns are unanchored; SageMaker matches the whole value, so these are anchored.
 * Failures are InputErrors naming the n8n field, as everywhere else in the package.
 */
import {
	checkLength,
	checkOptionalText,
	InputError,
	requiredText,
	toWireString,
} from '../../../shared/validation';

export const MODEL_PACKAGE_LIMITS = {
	/** EntityName: a model package group's name */
	groupName: { maxLength: 63, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/ },
	/** ArnOrName, as ListModelPackages takes the group: the ARN form */
	groupArn: {
		maxLength: 170,
		pattern:
			/^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:model-package-group\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
	},
	/** ModelPackageArn (UpdateModelPackage) */
	packageArn: {
		maxLength: 2048,
		pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]{9,16}:[0-9]{12}:model-package\/\S{1,2048}$/,
	},
	/**
	 * VersionedArnOrName (DescribeModelPackage): an ARN, "group/version" or a name, 176 characters at most.
	 * botocore lets the ARN name any resource type; only a model-package ARN can name a package, so that is required.
	 */
	versionedArnOrName: {
		maxLength: 176,
		pattern:
			/^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:model-package\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?$/,
	},
	/** NameContains (list searches) */
	nameContains: { maxLength: 63, pattern: /^[a-zA-Z0-9-]+$/ },
	approvalStatuses: ['Approved', 'Rejected', 'PendingManualApproval'] as readonly string[],
	approvalDescription: { maxLength: 1024 },
	customerMetadata: {
		maxItems: 50,
		maxKeyLength: 128,
		maxValueLength: 256,
		/** letters, spaces, digits and _ . : / = + - @ (Unicode classes L, Z, N) */
		pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u,
	},
	/** ClientToken of UpdateModelPackage */
	clientToken: { maxLength: 36, pattern: /^[a-zA-Z0-9-]+$/ },
} as const;

const GROUP_HINT =
	'Pick the model package group from the list, or give its name (e.g. churn-models) or its ARN (arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churn-models)';
const PACKAGE_HINT =
	'Map the "modelPackageArn" of an earlier step, e.g. {{ $json.modelPackageArn }}; it looks like arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/3';
const METADATA_CHARACTERS = 'letters, digits, spaces and _ . : / = + - @';

/** A model package group's name or ARN, as ListModelPackages takes it. */
export function checkModelPackageGroup(value: unknown): string {
	const field = 'Model Package Group';
	const text = requiredText(field, value, GROUP_HINT);
	const { groupName, groupArn } = MODEL_PACKAGE_LIMITS;
	if (text.startsWith('arn:')) {
		checkLength(`${field} ARN`, text, 1, groupArn.maxLength);
		if (!groupArn.pattern.test(text))
			throw new InputError(
				field,
				`${field} ARN is not a SageMaker model package group ARN`,
				GROUP_HINT,
			);
		return text;
	}
	checkLength(`${field} name`, text, 1, groupName.maxLength);
	if (!groupName.pattern.test(text)) {
		throw new InputError(
			field,
			`${field} name may contain only letters, digits and hyphens, starting and ending with a letter or digit`,
			GROUP_HINT,
		);
	}
	return text;
}

/** The Model Package field as one action takes it: required, and within that action's limits. */
function checkModelPackageField(
	value: unknown,
	limit: { maxLength: number; pattern: RegExp },
	problem: string,
): string {
	const field = 'Model Package';
	const text = requiredText(field, value, PACKAGE_HINT);
	checkLength(field, text, 1, limit.maxLength);
	if (!limit.pattern.test(text)) throw new InputError(field, `${field} ${problem}`, PACKAGE_HINT);
	return text;
}

/** A versioned model package's ARN, as UpdateModelPackage takes it. */
export function checkModelPackageArn(value: unknown): string {
	return checkModelPackageField(
		value,
		MODEL_PACKAGE_LIMITS.packageArn,
		'is not a SageMaker model package ARN',
	);
}

/** A model package's ARN or "group/version", as DescribeModelPackage takes it (at most 176 characters). */
export function checkModelPackageName(value: unknown): string {
	return checkModelPackageField(
		value,
		MODEL_PACKAGE_LIMITS.versionedArnOrName,
		'must be a model package ARN or "group/version" (e.g. churn-models/3)',
	);
}

export function checkApprovalStatus(value: unknown): string {
	const field = 'Approval Status';
	const statuses = MODEL_PACKAGE_LIMITS.approvalStatuses;
	if (typeof value !== 'string' || !statuses.includes(value)) {
		throw new InputError(
			field,
			`${field} must be one of ${statuses.join(', ')} (got ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value})`,
		);
	}
	return value;
}

/** Optional: empty sends no ApprovalDescription. */
export function checkApprovalDescription(value: unknown): string | undefined {
	return checkOptionalText(
		'Approval Description',
		value,
		MODEL_PACKAGE_LIMITS.approvalDescription.maxLength,
	);
}

/**
 * Customer metadata properties as SageMaker's map: 1–50 entries (none: the member is left out), keys of
 * 1–128 and values of 1–256 allowed characters, keys unique. Values never appear in messages.
 */
export function checkCustomerMetadata(
	pairs: Array<{ name: unknown; value: unknown }>,
): Record<string, string> | undefined {
	const field = 'Customer Metadata Properties';
	const { maxItems, maxKeyLength, maxValueLength, pattern } = MODEL_PACKAGE_LIMITS.customerMetadata;
	if (pairs.length === 0) return undefined;
	if (pairs.length > maxItems)
		throw new InputError(
			field,
			`${field} can hold at most ${maxItems} properties (got ${pairs.length})`,
		);
	const map: Record<string, string> = {};
	pairs.forEach(({ name, value }, index) => {
		if (typeof name !== 'string' || name === '')
			throw new InputError(field, `${field} #${index + 1} has no key`);
		const label = `${field} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
		checkLength(`${label} key`, name, 1, maxKeyLength);
		if (!pattern.test(name))
			throw new InputError(field, `${label} key may contain only ${METADATA_CHARACTERS}`);
		if (Object.hasOwn(map, name))
			throw new InputError(field, `${label} appears twice; each key must be unique`);
		const text = toWireString(`${label} value`, value);
		checkLength(`${label} value`, text, 1, maxValueLength);
		if (!pattern.test(text))
			throw new InputError(field, `${label} value may contain only ${METADATA_CHARACTERS}`);
		map[name] = text;
	});
	return map;
}
