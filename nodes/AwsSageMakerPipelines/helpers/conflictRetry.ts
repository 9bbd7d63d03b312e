/**
 * ConflictException from Start/Stop/RetryPipelineExecution means the execution (or pipeline) is
 * changing state right now: a step is being completed, a stop or retry is under way. It is
 * transient (Airflow's SageMaker hook retries it too), but the transport never retries it,
 * as the AWS SDK does not. These calls carry a ClientRequestToken, so sending them again is
 * safe: a few attempts with a short exponential backoff, then the last error, counting every
 * attempt made.
 */
import { sleep } from 'n8n-workflow';

import type { AwsCall, AwsClient, AwsResult } from '../../shared/transport/awsRequest';
import { AwsApiError } from '../../shared/transport/errors';

export const CONFLICT_RETRY = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 2000,
} as const;

export async function callRetryingConflict<T>(client: AwsClient, call: AwsCall): Promise<AwsResult<T>> {
	let attempts = 0;
	for (let conflicts = 1; ; conflicts++) {
		let failure: unknown;
		try {
			return await client.call<T>(call);
		} catch (error) {
			failure = error;
		}
		// Decided outside the catch: anything but a conflict goes on to the router, which maps it.
		if (!(failure instanceof AwsApiError) || failure.code !== 'ConflictException') throw failure;
		const conflict = failure;
		attempts += conflict.details.attempts;
		if (conflicts >= CONFLICT_RETRY.maxAttempts || call.signal?.aborted) {
			throw new AwsApiError({ ...conflict.details, attempts });
		}
		await sleep(Math.min(CONFLICT_RETRY.maxDelayMs, CONFLICT_RETRY.baseDelayMs * 2 ** (conflicts - 1)));
	}
}
