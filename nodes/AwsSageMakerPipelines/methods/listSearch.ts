/**
 * List searches of the node's resource locators, one SageMaker page per call, n8n's pagination
 * token being SageMaker's NextToken. `searchPipelines`: ListPipelines; SageMaker filters by name
 * prefix only (PipelineNamePrefix), so the search box matches the start of the name.
 * `searchModelPackageGroups`: ListModelPackageGroups, the search box matching anywhere in the name
 * (NameContains). `searchPendingModelPackages`: the versioned model packages of every group that
 * wait for approval (ListModelPackages with ModelPackageType Versioned), newest first. Search text
 * that cannot be part of a name matches nothing and costs no request.
 */
import { listSearch } from '../../shared/listSearch';
import { PIPELINE_LIMITS } from '../../shared/validation';
import { MODEL_PACKAGE_LIMITS } from '../actions/modelPackage/checks';
import { listModelPackageGroupsPage, listModelPackagesPage, listPipelinesPage } from '../sagemaker';

const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

/** The search text as SageMaker's PipelineNamePrefix, or null when no pipeline name starts with it. */
function namePrefix(filter: string | undefined): string | undefined | null {
	const text = filter?.trim() ?? '';
	if (text === '') return undefined;
	return NAME_PREFIX.test(text) && text.length <= PIPELINE_LIMITS.pipelineName.maxLength
		? text
		: null;
}

/** The search text as SageMaker's NameContains, or null when no name can contain it. */
function nameContains(filter: string | undefined): string | undefined | null {
	const text = filter?.trim() ?? '';
	if (text === '') return undefined;
	const { maxLength, pattern } = MODEL_PACKAGE_LIMITS.nameContains;
	return text.length <= maxLength && pattern.test(text) ? text : null;
}

export const searchPipelines = listSearch(
	namePrefix,
	async (client, prefix, page) =>
		await listPipelinesPage(client, { pipelineNamePrefix: prefix, ...page }),
	(summary) =>
		summary.PipelineName
			? {
					name:
						summary.PipelineDisplayName && summary.PipelineDisplayName !== summary.PipelineName
							? `${summary.PipelineDisplayName} (${summary.PipelineName})`
							: summary.PipelineName,
					value: summary.PipelineName,
					...(summary.PipelineDescription ? { description: summary.PipelineDescription } : {}),
				}
			: undefined,
);

export const searchModelPackageGroups = listSearch(
	nameContains,
	async (client, contains, page) =>
		await listModelPackageGroupsPage(client, { nameContains: contains, ...page }),
	(group) =>
		group.ModelPackageGroupName
			? {
					name: group.ModelPackageGroupName,
					value: group.ModelPackageGroupName,
					...(group.ModelPackageGroupDescription
						? { description: group.ModelPackageGroupDescription }
						: {}),
				}
			: undefined,
);

export const searchPendingModelPackages = listSearch(
	nameContains,
	async (client, contains, page) =>
		await listModelPackagesPage(client, {
			nameContains: contains,
			modelApprovalStatus: 'PendingManualApproval',
			modelPackageType: 'Versioned',
			sortBy: 'CreationTime',
			sortOrder: 'Descending',
			...page,
		}),
	(summary) =>
		summary.ModelPackageArn
			? {
					name: summary.ModelPackageGroupName
						? `${summary.ModelPackageGroupName} v${summary.ModelPackageVersion ?? '?'}`
						: summary.ModelPackageArn,
					value: summary.ModelPackageArn,
					...(summary.ModelPackageDescription
						? { description: summary.ModelPackageDescription }
						: {}),
				}
			: undefined,
);
