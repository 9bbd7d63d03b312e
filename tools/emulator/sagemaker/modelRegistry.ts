/**
 * The SageMaker model registry as the approval gate needs it: model package groups and their versioned model
 * packages, with the approval state each package carries, plus the API tests use to register packages (what a
 * pipeline's RegisterModel step does) and to inspect what updates did.
 *
 * Approval: a package is registered PendingManualApproval (or as told) and UpdateModelPackage moves it to
 * Approved, Rejected or back to PendingManualApproval; each change stamps LastModifiedTime and the approval
 * description. Only a package whose ModelPackageStatus is Completed can change: one still InProgress, Pending,
 * Failed or Deleting gets ConflictException (UpdateModelPackage's one modelled error). An unknown package is a
 * ValidationException ("does not exist"), as SageMaker answers DescribeModelPackage/UpdateModelPackage.
 *
 * Not covered: unversioned packages, cross-account groups, model cards, inference specification updates,
 * deletion.
 */
import { sageMakerError } from './model';

export type ModelApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval';
export type ModelPackageStatus = 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting';

export interface ModelPackageGroup {
	name: string;
	arn: string;
	description?: string;
	creationTime: number;
}

export interface ModelPackageDefinition {
	description?: string;
	approvalStatus?: ModelApprovalStatus;
	status?: ModelPackageStatus;
	customerMetadataProperties?: Record<string, string>;
	image?: string;
	modelDataUrl?: string;
	/** S3 URI of the model quality statistics report (ModelMetrics.ModelQuality.Statistics) */
	modelQualityStatisticsUri?: string;
	/** MetadataProperties.GeneratedBy: the pipeline execution that registered the package */
	generatedBy?: string;
	creationTime?: number;
}

export interface ModelPackage {
	groupName: string;
	version: number;
	arn: string;
	description?: string;
	status: ModelPackageStatus;
	approvalStatus: ModelApprovalStatus;
	approvalDescription?: string;
	customerMetadataProperties?: Record<string, string>;
	image: string;
	modelDataUrl?: string;
	modelQualityStatisticsUri?: string;
	generatedBy?: string;
	creationTime: number;
	lastModifiedTime?: number;
	/** UpdateModelPackage calls that changed the package (replays of a ClientToken excluded) */
	updates: number;
	/** UpdateModelPackage calls answered from the idempotency record */
	replays: number;
}

const GROUP_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export class ModelRegistry {
	readonly groups = new Map<string, ModelPackageGroup>();
	readonly packages = new Map<string, ModelPackage>();

	constructor(
		private readonly region: string,
		private readonly accountId: string,
		private readonly clock: () => number = Date.now,
	) {}

	createModelPackageGroup(
		name: string,
		options: { description?: string; creationTime?: number } = {},
	): string {
		if (!GROUP_NAME.test(name))
			throw new Error(`createModelPackageGroup: '${name}' is not a valid group name`);
		const existing = this.groups.get(name.toLowerCase());
		if (existing) return existing.arn;
		const arn = `arn:aws:sagemaker:${this.region}:${this.accountId}:model-package-group/${name.toLowerCase()}`;
		this.groups.set(name.toLowerCase(), {
			name,
			arn,
			description: options.description,
			creationTime: options.creationTime ?? this.clock(),
		});
		return arn;
	}

	/** Registers the group's next version, as a pipeline's RegisterModel step does (the group created if needed). */
	registerModelPackage(groupName: string, definition: ModelPackageDefinition = {}): ModelPackage {
		this.createModelPackageGroup(groupName);
		const group = this.groups.get(groupName.toLowerCase())!;
		const version =
			[...this.packages.values()].filter((p) => p.groupName === group.name).length + 1;
		const modelPackage: ModelPackage = {
			groupName: group.name,
			version,
			arn: `arn:aws:sagemaker:${this.region}:${this.accountId}:model-package/${group.name.toLowerCase()}/${version}`,
			description: definition.description,
			status: definition.status ?? 'Completed',
			approvalStatus: definition.approvalStatus ?? 'PendingManualApproval',
			customerMetadataProperties: definition.customerMetadataProperties,
			image:
				definition.image ?? `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com/model:latest`,
			modelDataUrl: definition.modelDataUrl,
			modelQualityStatisticsUri: definition.modelQualityStatisticsUri,
			generatedBy: definition.generatedBy,
			creationTime: definition.creationTime ?? this.clock(),
			updates: 0,
			replays: 0,
		};
		this.packages.set(modelPackage.arn, modelPackage);
		return modelPackage;
	}

	findGroup(nameOrArn: string): ModelPackageGroup | undefined {
		const name = nameOrArn.startsWith('arn:')
			? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1)
			: nameOrArn;
		return this.groups.get(name.toLowerCase());
	}

	/** By ARN, or by "group/version" (DescribeModelPackage's VersionedArnOrName). */
	requirePackage(nameOrArn: string): ModelPackage {
		const key = nameOrArn.startsWith('arn:')
			? nameOrArn.toLowerCase()
			: `arn:aws:sagemaker:${this.region}:${this.accountId}:model-package/${nameOrArn.toLowerCase()}`;
		const found = this.packages.get(key);
		if (!found) throw sageMakerError.validation(`ModelPackage ${nameOrArn} does not exist.`);
		return found;
	}

	/** UpdateModelPackage's approval part: the state machine described at the top of this file. */
	updateApproval(
		arn: string,
		change: {
			approvalStatus?: ModelApprovalStatus;
			approvalDescription?: string;
			customerMetadataProperties?: Record<string, string>;
			remove?: string[];
		},
	): ModelPackage {
		const found = this.requirePackage(arn);
		if (found.status !== 'Completed') {
			throw sageMakerError.conflict(
				`Model package ${found.arn} is ${found.status}; its approval status can change once it is Completed.`,
			);
		}
		const metadata = { ...found.customerMetadataProperties, ...change.customerMetadataProperties };
		for (const key of change.remove ?? []) delete metadata[key];
		if (Object.keys(metadata).length > 50) {
			throw sageMakerError.validation(
				'A model package can hold at most 50 customer metadata properties.',
			);
		}
		if (change.approvalStatus !== undefined) found.approvalStatus = change.approvalStatus;
		if (change.approvalDescription !== undefined)
			found.approvalDescription = change.approvalDescription;
		found.customerMetadataProperties = Object.keys(metadata).length > 0 ? metadata : undefined;
		found.lastModifiedTime = this.clock();
		found.updates += 1;
		return found;
	}

	reset(): void {
		this.groups.clear();
		this.packages.clear();
	}
}
