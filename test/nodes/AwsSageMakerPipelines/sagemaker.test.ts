/**
 * The pure parts of sagemaker.ts: paging (collectPages, given a page function) and the ConflictException
 * retry (callRetryingConflict, given a send function). The calls themselves are tested on the wire, through
 * the node, against the emulator and the AWS SDK (wireBody.test.ts and the operation tests).
 */
import type { AwsResult } from '../../../nodes/shared/transport/awsRequest';
import { AwsApiError } from '../../../nodes/shared/transport/errors';
import {
	callRetryingConflict,
	collectPages,
	CONFLICT_RETRY,
	type Page,
} from '../../../nodes/AwsSageMakerPipelines/sagemaker';

describe('collectPages', () => {
	/** A page function over fixed pages: page i answers with the token "t<i+1>" unless it is the last. */
	function pages<T>(contents: T[][]) {
		const requests: Array<{ nextToken: string | undefined; maxResults: number }> = [];
		const fetchPage = async (
			nextToken: string | undefined,
			maxResults: number,
		): Promise<Page<T>> => {
			requests.push({ nextToken, maxResults });
			const index = nextToken === undefined ? 0 : Number(nextToken.slice(1));
			return {
				entries: contents[index],
				nextToken: index + 1 < contents.length ? `t${index + 1}` : undefined,
			};
		};
		return { requests, fetchPage };
	}

	test('follows NextToken through every page, in order, asking for full pages', async () => {
		const { requests, fetchPage } = pages([[1, 2], [3], [4, 5]]);
		await expect(collectPages('ListThings', fetchPage)).resolves.toEqual([1, 2, 3, 4, 5]);
		expect(requests).toEqual([
			{ nextToken: undefined, maxResults: 100 },
			{ nextToken: 't1', maxResults: 100 },
			{ nextToken: 't2', maxResults: 100 },
		]);
	});

	test('an empty page with a NextToken does not end the list; an empty last page gives nothing', async () => {
		const { requests, fetchPage } = pages<number>([[], [], [7], []]);
		await expect(collectPages('ListThings', fetchPage)).resolves.toEqual([7]);
		expect(requests).toHaveLength(4);
		await expect(collectPages('ListThings', pages<number>([[]]).fetchPage)).resolves.toEqual([]);
	});

	test('with a limit, asks for only what is still wanted and stops as soon as it has it', async () => {
		const { requests, fetchPage } = pages([
			Array.from({ length: 100 }, (_, index) => index),
			Array.from({ length: 100 }, (_, index) => 100 + index),
			[999],
		]);
		const kept = await collectPages('ListThings', fetchPage, { limit: 130 });
		expect(kept).toHaveLength(130);
		expect(kept[129]).toBe(129);
		// The third page is never asked for.
		expect(requests.map((request) => request.maxResults)).toEqual([100, 30]);
	});

	test('a limit smaller than a page takes the first entries of the first page', async () => {
		const { requests, fetchPage } = pages([[1, 2, 3, 4]]);
		await expect(collectPages('ListThings', fetchPage, { limit: 2 })).resolves.toEqual([1, 2]);
		expect(requests).toEqual([{ nextToken: undefined, maxResults: 2 }]);
	});

	test('with a filter, asks for full pages and counts only the entries kept towards the limit', async () => {
		const { requests, fetchPage } = pages([
			[1, 2, 3, 4],
			[5, 6, 7, 8],
		]);
		const even = await collectPages('ListThings', fetchPage, {
			limit: 3,
			keep: (entry) => entry % 2 === 0,
		});
		expect(even).toEqual([2, 4, 6]);
		expect(requests.map((request) => request.maxResults)).toEqual([100, 100]);
	});

	test('a NextToken that does not move on stops paging with an error naming the action', async () => {
		let calls = 0;
		const stuck = async (): Promise<Page<number>> => {
			calls++;
			return { entries: [calls], nextToken: 'same' };
		};
		await expect(collectPages('ListPipelineExecutions', stuck)).rejects.toThrow(
			'ListPipelineExecutions returned the same NextToken twice; stopped paging',
		);
		expect(calls).toBe(2);
	});

	test('an error from a page is the error of the whole list', async () => {
		const failing = async (nextToken: string | undefined): Promise<Page<number>> => {
			if (nextToken) throw new Error('page two failed');
			return { entries: [1], nextToken: 'next' };
		};
		await expect(collectPages('ListThings', failing)).rejects.toThrow('page two failed');
	});
});

describe('callRetryingConflict', () => {
	function awsError(code: string, attempts: number): AwsApiError {
		return new AwsApiError({
			service: 'sagemaker',
			operation: 'StopPipelineExecution',
			code,
			message: `${code}!`,
			network: false,
			attempts,
		});
	}

	/** A send that fails with these errors, one per call, then answers. Records the (fake) time of each call. */
	function sender(failures: AwsApiError[]) {
		const calledAt: number[] = [];
		const send = async (): Promise<AwsResult<{ PipelineExecutionArn: string }>> => {
			calledAt.push(Date.now());
			const failure = failures[calledAt.length - 1];
			if (failure) throw failure;
			return { output: { PipelineExecutionArn: 'arn' }, requestId: 'req', attempts: 1 };
		};
		return { calledAt, send };
	}

	beforeEach(() => jest.useFakeTimers({ now: 0 }));
	afterEach(() => jest.useRealTimers());

	test('sends again after a ConflictException, backing off 250, 500, 1000 ms', async () => {
		const { calledAt, send } = sender([
			awsError('ConflictException', 1),
			awsError('ConflictException', 1),
			awsError('ConflictException', 1),
		]);
		const result = callRetryingConflict(send);
		await jest.runAllTimersAsync();
		await expect(result).resolves.toEqual({
			output: { PipelineExecutionArn: 'arn' },
			requestId: 'req',
			attempts: 1,
		});
		expect(calledAt).toEqual([0, 250, 750, 1750]);
	});

	test(`gives up after ${CONFLICT_RETRY.maxAttempts} conflicts with the last error, counting every attempt the transport made`, async () => {
		const conflicts = Array.from({ length: 10 }, (_, index) =>
			awsError('ConflictException', index === 0 ? 3 : 1),
		);
		const { calledAt, send } = sender(conflicts);
		const result = callRetryingConflict(send);
		const settled = result.catch((error: unknown) => error);
		await jest.runAllTimersAsync();
		const error = await settled;
		expect(error).toBeInstanceOf(AwsApiError);
		expect((error as AwsApiError).details).toMatchObject({
			code: 'ConflictException',
			operation: 'StopPipelineExecution',
			attempts: 3 + 4,
		});
		expect(calledAt).toHaveLength(CONFLICT_RETRY.maxAttempts);
		// Pauses of 250, 500, 1000 and 2000 ms between the five attempts.
		expect(calledAt).toEqual([0, 250, 750, 1750, 3750]);
	});

	test('any other error is thrown at once, unchanged', async () => {
		const throttled = awsError('ThrottlingException', 3);
		const { calledAt, send } = sender([throttled]);
		await expect(callRetryingConflict(send)).rejects.toBe(throttled);
		expect(calledAt).toHaveLength(1);

		const plain = new Error('socket closed');
		await expect(
			callRetryingConflict(async () => {
				throw plain;
			}),
		).rejects.toBe(plain);
	});
});
