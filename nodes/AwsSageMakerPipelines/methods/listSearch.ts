/**
 * List searches of the node's resource locators, one SageMaker page per call, n8n's pagination
 * token being SageMaker's NextToken. `searchPipelines`: ListPipelines; SageMaker filters by name
 * prefix only (PipelineNamePrefix), so the search box matches the start of the name.
 * `searchModelPackageGroups`: ListModelPackageGroups, the search box matching anywhere in the name
 * (NameContains). `searchPendingModelPackages`: the versioned model packages of every group that
 * wait for approval (ListModelPackages with ModelPackageType Versioned), newest first. Search text
 * that cannot be part of a name matches nothing and costs no request.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { onFirstUse } from '../../shared/onFirstUse';
import { PIPELINE_LIMITS } from '../../shared/validation';
import { MODEL_PACKAGE_LIMITS } from '../actions/modelPackage/checks';

interface PipelineSummary {
	PipelineName?: string;
	PipelineDisplayName?: string;
	PipelineDescription?: string;
}

const loadTransport = onFirstUse(async () => await import('../../shared/transport/awsRequest'));
const loadNodeErrors = onFirstUse(async () => await import('../../shared/nodeErrors'));

const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

export async function searchPipelines(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const prefix = filter?.trim() ?? '';
	if (prefix !== '' && (!NAME_PREFIX.test(prefix) || prefix.length > PIPELINE_LIMITS.pipelineName.maxLength)) {
		return { results: [] };
	}
	const output = await searchCall<{ PipelineSummaries?: PipelineSummary[]; NextToken?: string }>(this, 'ListPipelines', {
		...(prefix ? { PipelineNamePrefix: prefix } : {}),
		SortBy: 'Name',
		SortOrder: 'Ascending',
		...(paginationToken ? { NextToken: paginationToken } : {}),
		MaxResults: PIPELINE_LIMITS.maxResults.max,
	});
	const results: INodeListSearchItems[] = (output.PipelineSummaries ?? [])
		.filter((summary) => summary.PipelineName)
		.map((summary) => ({
			name:
				summary.PipelineDisplayName && summary.PipelineDisplayName !== summary.PipelineName
					? `${summary.PipelineDisplayName} (${summary.PipelineName})`
					: summary.PipelineName!,
			value: summary.PipelineName!,
			...(summary.PipelineDescription ? { description: summary.PipelineDescription } : {}),
		}));
	return { results, ...(output.NextToken ? { paginationToken: output.NextToken } : {}) };
}

/**
 * One SageMaker list call for the editor. An AWS error becomes the node error the editor shows under the
 * list: the AWS code and hint (e.g. the missing IAM action).
 */
async function searchCall<T>(context: ILoadOptionsFunctions, operation: string, input: object): Promise<T> {
	const [{ createAwsClient }, { toNodeError }] = await Promise.all([loadTransport(), loadNodeErrors()]);
	try {
		const client = await createAwsClient(context);
		return (await client.call<T>({ service: 'sagemaker', operation, input })).output;
	} catch (error) {
		throw toNodeError(context.getNode(), error, 0);
	}
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
	const output = await searchCall<{
		ModelPackageGroupSummaryList?: Array<{ ModelPackageGroupName?: string; ModelPackageGroupDescription?: string }>;
		NextToken?: string;
	}>(this, 'ListModelPackageGroups', {
		MaxResults: PIPELINE_LIMITS.maxResults.max,
		...(contains ? { NameContains: contains } : {}),
		...(paginationToken ? { NextToken: paginationToken } : {}),
		SortBy: 'Name',
		SortOrder: 'Ascending',
	});
	const results: INodeListSearchItems[] = (output.ModelPackageGroupSummaryList ?? [])
		.filter((group) => group.ModelPackageGroupName)
		.map((group) => ({
			name: group.ModelPackageGroupName!,
			value: group.ModelPackageGroupName!,
			...(group.ModelPackageGroupDescription ? { description: group.ModelPackageGroupDescription } : {}),
		}));
	return { results, ...(output.NextToken ? { paginationToken: output.NextToken } : {}) };
}

export async function searchPendingModelPackages(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const contains = nameContains(filter);
	if (contains === null) return { results: [] };
	const output = await searchCall<{
		ModelPackageSummaryList?: Array<{
			ModelPackageArn?: string;
			ModelPackageGroupName?: string;
			ModelPackageVersion?: number;
			ModelPackageDescription?: string;
		}>;
		NextToken?: string;
	}>(this, 'ListModelPackages', {
		MaxResults: PIPELINE_LIMITS.maxResults.max,
		...(contains ? { NameContains: contains } : {}),
		ModelApprovalStatus: 'PendingManualApproval',
		ModelPackageType: 'Versioned',
		...(paginationToken ? { NextToken: paginationToken } : {}),
		SortBy: 'CreationTime',
		SortOrder: 'Descending',
	});
	const results: INodeListSearchItems[] = (output.ModelPackageSummaryList ?? [])
		.filter((summary) => summary.ModelPackageArn)
		.map((summary) => ({
			name: summary.ModelPackageGroupName
				? `${summary.ModelPackageGroupName} v${summary.ModelPackageVersion ?? '?'}`
				: summary.ModelPackageArn!,
			value: summary.ModelPackageArn!,
			...(summary.ModelPackageDescription ? { description: summary.ModelPackageDescription } : {}),
		}));
	return { results, ...(output.NextToken ? { paginationToken: output.NextToken } : {}) };
}
