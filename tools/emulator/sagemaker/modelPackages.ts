/**
 * The model registry operations on the wire: ListModelPackageGroups, ListModelPackages, DescribeModelPackage,
 * UpdateModelPackage, with their request shapes transcribed from botocore's sagemaker service-2.json (every
 * member of each request, so an unknown one is a typo).
 *
 * Lists page like the pipeline lists (MaxResults default 10, a NextToken bound to its query) and sort by
 * CreationTime Ascending unless told otherwise, SageMaker's documented defaults. UpdateModelPackage applies
 * ClientToken idempotency: the same token with the same request gets the first answer and changes nothing more;
 * with another request it is a ValidationException. UpdateModelPackage's members the registry does not model
 * (inference specifications, model card, life cycle, source URI) are refused as unknown members.
 */
import type { OperationHandler } from '../server';
import type { Shape, StructureShape } from '../validate';
import type { SageMakerModel } from './model';
import type { ModelApprovalStatus, ModelPackage } from './modelRegistry';
import { canonicalJson, ordered, paginate } from './pipelines';
import { checkRequest } from './shapes';

const str = (min: number, max: number, pattern?: string): Shape => ({
	type: 'string',
	min,
	max,
	pattern,
});
const CreationTime: Shape = { type: 'timestamp' };
const MaxResults: Shape = { type: 'integer', min: 1, max: 100 };
const NextToken = str(0, 8192, '.*');
const NameContains = str(0, 63, '[a-zA-Z0-9\\-]+');
const SortOrder: Shape = { type: 'string', enum: ['Ascending', 'Descending'] };
const SortBy: Shape = { type: 'string', enum: ['Name', 'CreationTime'] };
const ModelApprovalStatusShape: Shape = {
	type: 'string',
	enum: ['Approved', 'Rejected', 'PendingManualApproval'],
};
const ArnOrName = str(
	1,
	170,
	'(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)',
);
const VersionedArnOrName = str(
	1,
	176,
	'(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\\/[0-9]{1,9})?',
);
const ModelPackageArn = str(
	1,
	2048,
	'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[\\S]{1,2048}',
);
// botocore writes these `([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}`, which JavaScript cannot compile (a quantified `$`);
// the length part is the min/max, so the character class is what remains.
const CustomerMetadataKey = str(1, 128, '[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*');
const CustomerMetadataValue = str(1, 256, '[\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*');

export const ListModelPackageGroupsInput: StructureShape = {
	type: 'structure',
	name: 'ListModelPackageGroupsInput',
	members: {
		CreationTimeAfter: CreationTime,
		CreationTimeBefore: CreationTime,
		MaxResults,
		NameContains,
		NextToken,
		SortBy,
		SortOrder,
		CrossAccountFilterOption: { type: 'string', enum: ['SameAccount', 'CrossAccount'] },
	},
};

export const ListModelPackagesInput: StructureShape = {
	type: 'structure',
	name: 'ListModelPackagesInput',
	members: {
		CreationTimeAfter: CreationTime,
		CreationTimeBefore: CreationTime,
		MaxResults,
		NameContains,
		ModelApprovalStatus: ModelApprovalStatusShape,
		ModelPackageGroupName: ArnOrName,
		ModelPackageType: { type: 'string', enum: ['Versioned', 'Unversioned', 'Both'] },
		NextToken,
		SortBy,
		SortOrder,
	},
};

export const DescribeModelPackageInput: StructureShape = {
	type: 'structure',
	name: 'DescribeModelPackageInput',
	required: ['ModelPackageName'],
	members: {
		ModelPackageName: VersionedArnOrName,
		IncludedData: { type: 'string', enum: ['AllData', 'MetadataOnly'] },
	},
};

export const UpdateModelPackageInput: StructureShape = {
	type: 'structure',
	name: 'UpdateModelPackageInput',
	required: ['ModelPackageArn'],
	members: {
		ModelPackageArn,
		ModelApprovalStatus: ModelApprovalStatusShape,
		ModelPackageRegistrationType: { type: 'string', enum: ['Logged', 'Registered'] },
		ApprovalDescription: str(0, 1024, '.*'),
		CustomerMetadataProperties: {
			type: 'map',
			key: CustomerMetadataKey,
			value: CustomerMetadataValue,
			min: 1,
			max: 50,
		},
		CustomerMetadataPropertiesToRemove: { type: 'list', member: CustomerMetadataKey },
		ClientToken: str(1, 36, '[a-zA-Z0-9-]+'),
	},
};

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function inWindow(
	time: number,
	input: { CreationTimeAfter?: number; CreationTimeBefore?: number },
): boolean {
	if (input.CreationTimeAfter !== undefined && time <= input.CreationTimeAfter * 1000) return false;
	if (input.CreationTimeBefore !== undefined && time >= input.CreationTimeBefore * 1000)
		return false;
	return true;
}

function describePackage(p: ModelPackage) {
	return {
		ModelPackageName: p.groupName,
		ModelPackageGroupName: p.groupName,
		ModelPackageVersion: p.version,
		ModelPackageArn: p.arn,
		ModelPackageDescription: p.description,
		CreationTime: seconds(p.creationTime),
		InferenceSpecification: {
			Containers: [{ Image: p.image, ...(p.modelDataUrl ? { ModelDataUrl: p.modelDataUrl } : {}) }],
			SupportedContentTypes: ['text/csv'],
			SupportedResponseMIMETypes: ['text/csv'],
		},
		ModelPackageStatus: p.status,
		ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
		CertifyForMarketplace: false,
		ModelApprovalStatus: p.approvalStatus,
		CreatedBy: {},
		...(p.generatedBy ? { MetadataProperties: { GeneratedBy: p.generatedBy } } : {}),
		...(p.modelQualityStatisticsUri
			? {
					ModelMetrics: {
						ModelQuality: {
							Statistics: { ContentType: 'application/json', S3Uri: p.modelQualityStatisticsUri },
						},
					},
				}
			: {}),
		LastModifiedTime: seconds(p.lastModifiedTime),
		...(p.lastModifiedTime !== undefined ? { LastModifiedBy: {} } : {}),
		ApprovalDescription: p.approvalDescription,
		CustomerMetadataProperties: p.customerMetadataProperties,
	};
}

export function modelPackageOperations(model: SageMakerModel): Record<string, OperationHandler> {
	const registry = model.registry;
	return {
		ListModelPackageGroups(input) {
			checkRequest(ListModelPackageGroupsInput, input);
			const matching = [...registry.groups.values()].filter(
				(g) =>
					(!input.NameContains || g.name.includes(input.NameContains)) &&
					inWindow(g.creationTime, input),
			);
			const sorted = ordered(
				matching,
				input.SortBy === 'Name' ? (g) => g.name : (g) => g.creationTime,
				(g) => g.name,
				input.SortOrder ?? 'Ascending',
			);
			const { page, nextToken } = paginate('ListModelPackageGroups', input, sorted);
			return {
				ModelPackageGroupSummaryList: page.map((g) => ({
					ModelPackageGroupName: g.name,
					ModelPackageGroupArn: g.arn,
					ModelPackageGroupDescription: g.description,
					CreationTime: seconds(g.creationTime),
					ModelPackageGroupStatus: 'Completed',
				})),
				NextToken: nextToken,
			};
		},

		ListModelPackages(input) {
			checkRequest(ListModelPackagesInput, input);
			const group = input.ModelPackageGroupName
				? registry.findGroup(input.ModelPackageGroupName)
				: undefined;
			// Without a group SageMaker lists the ModelPackageType asked for, Unversioned by default; the registry
			// holds versioned packages only. A group that does not exist lists nothing.
			const versioned = input.ModelPackageGroupName
				? group !== undefined
				: input.ModelPackageType === 'Versioned' || input.ModelPackageType === 'Both';
			const matching = [...registry.packages.values()].filter(
				(p) =>
					versioned &&
					(group === undefined || p.groupName === group.name) &&
					(!input.ModelApprovalStatus || p.approvalStatus === input.ModelApprovalStatus) &&
					(!input.NameContains || p.groupName.includes(input.NameContains)) &&
					inWindow(p.creationTime, input),
			);
			const sorted = ordered(
				matching,
				input.SortBy === 'Name'
					? (p) => `${p.groupName}/${String(p.version).padStart(9, '0')}`
					: (p) => p.creationTime,
				(p) => String(p.version).padStart(9, '0'),
				input.SortOrder ?? 'Ascending',
			);
			const { page, nextToken } = paginate('ListModelPackages', input, sorted);
			return {
				ModelPackageSummaryList: page.map((p) => ({
					ModelPackageGroupName: p.groupName,
					ModelPackageVersion: p.version,
					ModelPackageArn: p.arn,
					ModelPackageDescription: p.description,
					CreationTime: seconds(p.creationTime),
					ModelPackageStatus: p.status,
					ModelApprovalStatus: p.approvalStatus,
				})),
				NextToken: nextToken,
			};
		},

		DescribeModelPackage(input) {
			checkRequest(DescribeModelPackageInput, input);
			return describePackage(registry.requirePackage(input.ModelPackageName));
		},

		UpdateModelPackage(input) {
			checkRequest(UpdateModelPackageInput, input);
			const { ClientToken: token, ...rest } = input;
			const print = canonicalJson(rest);
			const replayed = model.idempotency.replay('UpdateModelPackage', token, print);
			if (replayed !== undefined) {
				registry.packages.get(String(input.ModelPackageArn).toLowerCase())!.replays += 1;
				return replayed;
			}
			const updated = registry.updateApproval(input.ModelPackageArn, {
				approvalStatus: input.ModelApprovalStatus as ModelApprovalStatus | undefined,
				approvalDescription: input.ApprovalDescription,
				customerMetadataProperties: input.CustomerMetadataProperties,
				remove: input.CustomerMetadataPropertiesToRemove,
			});
			const response = { ModelPackageArn: updated.arn };
			model.idempotency.remember('UpdateModelPackage', token, print, response);
			return response;
		},
	};
}
