/**
 * The queue picker of the Queue URL field: one ListQueues page per call (100 queues), n8n's
 * pagination token being SQS's NextToken. SQS filters by name prefix only (QueueNamePrefix), so
 * the search box matches the start of the queue name; text that cannot begin a queue name
 * matches nothing and costs no request. The request path loads on first use, as activation does.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { onFirstUse } from '../shared/onFirstUse';

const loadRequestPath = onFirstUse(async () => {
	const [transport, nodeErrors, sqs] = await Promise.all([
		import('../shared/transport/awsRequest'),
		import('../shared/nodeErrors'),
		import('./sqs'),
	]);
	return {
		createAwsClient: transport.createAwsClient,
		toNodeError: nodeErrors.toNodeError,
		listQueues: sqs.listQueues,
	};
});

/** SQS queue names: 1–80 letters, digits, hyphens and underscores (".fifo" may end a FIFO queue's name). */
const QUEUE_NAME_PREFIX = /^[A-Za-z0-9_-]{1,80}(\.(f(i(f(o)?)?)?)?)?$/;
const PAGE_SIZE = 100;

export async function searchQueues(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const prefix = filter?.trim() ?? '';
	if (prefix !== '' && !QUEUE_NAME_PREFIX.test(prefix)) return { results: [] };
	const { createAwsClient, toNodeError, listQueues } = await loadRequestPath();
	let page: Awaited<ReturnType<typeof listQueues>>;
	try {
		const client = await createAwsClient(this);
		page = await listQueues(client, {
			queueNamePrefix: prefix,
			nextToken: paginationToken,
			maxResults: PAGE_SIZE,
		});
	} catch (error) {
		// The editor shows this under the list: the AWS code and hint (e.g. the missing sqs:ListQueues).
		throw toNodeError(this.getNode(), error, 0);
	}
	const results = page.queueUrls.map((url) => ({
		name: url.slice(url.lastIndexOf('/') + 1) || url,
		value: url,
	}));
	return { results, ...(page.nextToken ? { paginationToken: page.nextToken } : {}) };
}
