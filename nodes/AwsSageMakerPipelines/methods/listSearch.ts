/**
 * List searches of the node's resource locators. `searchPipelines`: one ListPipelines page per
 * call, n8n's pagination token being SageMaker's NextToken. SageMaker filters by name prefix
 * only (PipelineNamePrefix), so the search box matches the start of the name; text that cannot
 * begin a pipeline name matches nothing and costs no request.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { onFirstUse } from '../../shared/onFirstUse';
import { PIPELINE_LIMITS } from '../../shared/validation';

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
	let output: { PipelineSummaries?: PipelineSummary[]; NextToken?: string };
	const [{ createAwsClient }, { toNodeError }] = await Promise.all([loadTransport(), loadNodeErrors()]);
	try {
		const client = await createAwsClient(this);
		({ output } = await client.call<typeof output>({
			service: 'sagemaker',
			operation: 'ListPipelines',
			input: {
				...(prefix ? { PipelineNamePrefix: prefix } : {}),
				SortBy: 'Name',
				SortOrder: 'Ascending',
				...(paginationToken ? { NextToken: paginationToken } : {}),
				MaxResults: PIPELINE_LIMITS.maxResults.max,
			},
		}));
	} catch (error) {
		// The editor shows this under the list: the AWS code and hint (e.g. the missing IAM action).
		throw toNodeError(this.getNode(), error, 0);
	}
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
