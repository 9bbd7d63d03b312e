/**
 * Follows SageMaker's NextToken through the pages of a List* call and collects the entries,
 * up to a limit when one is given. Each page asks for as many entries as are still wanted
 * (1–100, the API's MaxResults range), or a full page when entries are filtered on our side.
 * The caller builds each page's input so members stay in the order the AWS SDK sends them.
 */
import type { AwsClient } from '../../shared/transport/awsRequest';
import { PIPELINE_LIMITS } from '../../shared/validation';

export interface PagedCall<T> {
	operation: string;
	/** the request for one page; `nextToken` is undefined for the first */
	input(nextToken: string | undefined, maxResults: number): object;
	/** the member of the answer that holds the page's entries */
	resultKey: string;
	/** stop once this many entries were kept; all pages when undefined */
	limit?: number;
	/** keep only entries this accepts (filters the API does not offer) */
	keep?(entry: T): boolean;
	signal?: AbortSignal;
}

export async function collectPages<T>(client: AwsClient, call: PagedCall<T>): Promise<T[]> {
	const pageSize = PIPELINE_LIMITS.maxResults.max;
	const kept: T[] = [];
	let nextToken: string | undefined;
	do {
		const wanted = call.limit === undefined || call.keep ? pageSize : Math.min(pageSize, call.limit - kept.length);
		const { output } = await client.call<Record<string, unknown>>({
			service: 'sagemaker',
			operation: call.operation,
			input: call.input(nextToken, wanted),
			signal: call.signal,
		});
		for (const entry of (output[call.resultKey] ?? []) as T[]) {
			if (call.keep && !call.keep(entry)) continue;
			kept.push(entry);
			if (call.limit !== undefined && kept.length >= call.limit) return kept;
		}
		const token = typeof output.NextToken === 'string' && output.NextToken !== '' ? output.NextToken : undefined;
		// A token that does not move on would page forever; AWS never does this, a broken proxy might.
		if (token !== undefined && token === nextToken) {
			throw new Error(`${call.operation} returned the same NextToken twice; stopped paging`);
		}
		nextToken = token;
	} while (nextToken !== undefined);
	return kept;
}
