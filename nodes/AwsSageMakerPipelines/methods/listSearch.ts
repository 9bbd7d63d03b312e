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

/** Where the editor is in a list: n8n's pagination token as SageMaker's NextToken, and the page size. */
interface PageRequest {
	nextToken?: string;
	maxResults: number;
}

/** A list-search method of the node's: search text → SageMaker's filter (`toQuery`) → one page. */
type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/**
 * A list search over one SageMaker list: one page per call, as n8n's search result: the entries
 * `toItem` names (others are left out) and the next page's token. Search text no name can match
 * (`toQuery` gives null) costs no request. An AWS error becomes the node error the editor shows under
 * the list: the AWS code and hint (e.g. the missing IAM action).
 */
function listSearch<T>(
	toQuery: (filter: string | undefined) => string | undefined | null,
	fetchPage: (client: AwsClient, query: string | undefined, page: PageRequest) => Promise<Page<T>>,
	toItem: (entry: T) => INodeListSearchItems | undefined,
): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const query = toQuery(filter);
		if (query === null) return { results: [] };
		const [{ createAwsClient }, { toNodeError }] = await Promise.all([
			loadTransport(),
			loadNodeErrors(),
		]);
		let page: Page<T>;
		try {
			page = await fetchPage(await createAwsClient(this), query, {
				nextToken: paginationToken || undefined,
				maxResults: PAGE_SIZE,
			});
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		}
		const results = page.entries
			.map(toItem)
			.filter((item): item is INodeListSearchItems => item !== undefined);
		return { results, ...(page.nextToken ? { paginationToken: page.nextToken } : {}) };
	};
}

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
