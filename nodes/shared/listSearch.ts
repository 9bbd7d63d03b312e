/**
 * The resource locators' list searches (the node's pipelines and model packages, the trigger's queues):
 * one AWS list page per call, n8n's pagination token being AWS's NextToken. Search text no name can match
 * costs no request; an AWS error becomes the node error the editor shows under the list (the AWS code and
 * hint, e.g. the missing IAM action). The request path loads on first use, so the editor's start does not
 * pay for it.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { onFirstUse } from './onFirstUse';
import type { AwsClient } from './transport/awsRequest';

const loadRequestPath = onFirstUse(async () => {
	const [transport, nodeErrors] = await Promise.all([
		import('./transport/awsRequest'),
		import('./nodeErrors'),
	]);
	return { createAwsClient: transport.createAwsClient, toNodeError: nodeErrors.toNodeError };
});

/** Entries a picker shows per page (SageMaker's List* allow at most 100). */
const PAGE_SIZE = 100;

/** Where the editor is in a list: n8n's pagination token as AWS's NextToken, and the page size. */
export interface PageRequest {
	nextToken?: string;
	maxResults: number;
}

export type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/**
 * A list-search method: `toQuery` turns the search text into the API's filter (undefined: none; null: no
 * name can match), `fetchPage` asks AWS for one page, `toItem` names an entry (undefined leaves it out).
 */
export function listSearch<T>(
	toQuery: (filter: string | undefined) => string | undefined | null,
	fetchPage: (
		client: AwsClient,
		query: string | undefined,
		page: PageRequest,
	) => Promise<{ entries: T[]; nextToken?: string }>,
	toItem: (entry: T) => INodeListSearchItems | undefined,
): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		const query = toQuery(filter);
		if (query === null) return { results: [] };
		const { createAwsClient, toNodeError } = await loadRequestPath();
		let page: { entries: T[]; nextToken?: string };
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
