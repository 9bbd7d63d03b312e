/**
 * List searches of the node's resource locators, one SageMaker page per call, n8n's pagination
 * token being SageMaker's NextToken. `searchPipelines`: ListPipelines; SageMaker filters by name
 * prefix only (PipelineNamePrefix), so the search box matches the start of the name.
 * `searchModelPackageGroups`: ListModelPackageGroups, the search box matching anywhere in the name
 * (NameContains). `searchPendingModelPackages`: the versioned model packages of every group that
 * wait for approval (ListModelPackages with ModelPackageType Versioned), newest first. Search text
 * that cannot be part of a name matches nothing and costs no request.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { onFirstUse } from '../../shared/onFirstUse';
import type { AwsClient } from '../../shared/transport/awsRequest';
import { PIPELINE_LIMITS } from '../../shared/validation';
import { MODEL_PACKAGE_LIMITS } from '../actions/modelPackage/checks';
import {
	listModelPackageGroupsPage,
	listModelPackagesPage,
	listPipelinesPage,
	type Page,
} from '../sagemaker';

const loadTransport = onFirstUse(async () => await import('../../shared/transport/awsRequest'));
const loadNodeErrors = onFirstUse(async () => await import('../../shared/nodeErrors'));

const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
const PAGE_SIZE = PIPELINE_LIMITS.maxResults.max;

/**
 * One SageMaker page for the editor, as n8n's search result: the entries `toItem` names (others are
 * left out) and the next page's token. An AWS error becomes the node error the editor shows under the
 * list: the AWS code and hint (e.g. the missing IAM action).
 */
async function search<T>(
	context: ILoadOptionsFunctions,
	fetchPage: (client: AwsClient) => Promise<Page<T>>,
	toItem: (entry: T) => INodeListSearchItems | undefined,
): Promise<INodeListSearchResult> {
	const [{ createAwsClient }, { toNodeError }] = await Promise.all([
		loadTransport(),
		loadNodeErrors(),
	]);
	let page: Page<T>;
	try {
		page = await fetchPage(await createAwsClient(context));
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
	const results = page.entries
		.map(toItem)
		.filter((item): item is INodeListSearchItems => item !== undefined);
	return { results, ...(page.nextToken ? { paginationToken: page.nextToken } : {}) };
}

export async function searchPipelines(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const prefix = filter?.trim() ?? '';
	if (
		prefix !== '' &&
		(!NAME_PREFIX.test(prefix) || prefix.length > PIPELINE_LIMITS.pipelineName.maxLength)
	) {
		return { results: [] };
	}
	return await search(
		this,
		async (client) =>
			await listPipelinesPage(client, {
				pipelineNamePrefix: prefix || undefined,
				nextToken: paginationToken || undefined,
				maxResults: PAGE_SIZE,
			}),
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
}

/** The search text as SageMaker's NameContains, or null when no name can contain it. */
function nameContains(filter: string | undefined): string | undefined | null {
	const text = filter?.trim() ?? '';
	if (text === '') return undefined;
	const { maxLength, pattern } = MODEL_PACKAGE_LIMITS.nameContains;
	return text.length <= maxLength && pattern.test(text) ? text : null;
}

export async function searchModelPackageGroups(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const contains = nameContains(filter);
	if (contains === null) return { results: [] };
	return await search(
		this,
		async (client) =>
			await listModelPackageGroupsPage(client, {
				nameContains: contains,
				nextToken: paginationToken || undefined,
				maxResults: PAGE_SIZE,
			}),
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
}

export async function searchPendingModelPackages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const contains = nameContains(filter);
	if (contains === null) return { results: [] };
	return await search(
		this,
		async (client) =>
			await listModelPackagesPage(client, {
				nameContains: contains,
				modelApprovalStatus: 'PendingManualApproval',
				modelPackageType: 'Versioned',
				sortBy: 'CreationTime',
				sortOrder: 'Descending',
				nextToken: paginationToken || undefined,
				maxResults: PAGE_SIZE,
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
}
