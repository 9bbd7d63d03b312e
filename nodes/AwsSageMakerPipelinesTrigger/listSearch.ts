/**
 * The queue picker of the Queue URL field: one ListQueues page per call (100 queues), n8n's
 * pagination token being SQS's NextToken. SQS filters by name prefix only (QueueNamePrefix), so
 * the search box matches the start of the queue name; text that cannot begin a queue name
 * matches nothing and costs no request. The request path loads on first use, as activation does.
 */
import { listSearch } from '../shared/listSearch';
import { onFirstUse } from '../shared/onFirstUse';

const loadSqs = onFirstUse(async () => await import('./sqs'));

/** SQS queue names: 1–80 letters, digits, hyphens and underscores (".fifo" may end a FIFO queue's name). */
const QUEUE_NAME_PREFIX = /^[A-Za-z0-9_-]{1,80}(\.(f(i(f(o)?)?)?)?)?$/;

/** The search text as SQS's QueueNamePrefix, or null when no queue name starts with it. */
function queueNamePrefix(filter: string | undefined): string | undefined | null {
	const text = filter?.trim() ?? '';
	if (text === '') return undefined;
	return QUEUE_NAME_PREFIX.test(text) ? text : null;
}

export const searchQueues = listSearch(
	queueNamePrefix,
	async (client, prefix, page) => {
		const { listQueues } = await loadSqs();
		const { queueUrls, nextToken } = await listQueues(client, { queueNamePrefix: prefix, ...page });
		return { entries: queueUrls, nextToken };
	},
	(url) => ({ name: url.slice(url.lastIndexOf('/') + 1) || url, value: url }),
);
