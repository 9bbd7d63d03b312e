/** mapWithConcurrency: the router runs every item through it, so its limit, order and failure rules are the node's. */
import { mapWithConcurrency } from '../../../nodes/shared/concurrency';

/** A task that records how many tasks run at once and finishes after `delays[index]` ms (real timers, kept short). */
function tracked(delays: number[]) {
	let running = 0;
	const seen = { maxRunning: 0, started: [] as number[] };
	const task = async (value: string, index: number): Promise<string> => {
		seen.started.push(index);
		running++;
		seen.maxRunning = Math.max(seen.maxRunning, running);
		await new Promise((resolve) => setTimeout(resolve, delays[index]));
		running--;
		return `${value}:${index}`;
	};
	return { seen, task };
}

test('results come back in input order, whatever order the tasks finish in', async () => {
	const { task } = tracked([30, 5, 20, 0, 10]);
	await expect(mapWithConcurrency(['a', 'b', 'c', 'd', 'e'], 3, task)).resolves.toEqual([
		'a:0',
		'b:1',
		'c:2',
		'd:3',
		'e:4',
	]);
});

test('never runs more than `limit` tasks at once, and does reach the limit', async () => {
	const inputs = Array.from({ length: 12 }, (_, index) => `item${index}`);
	const { seen, task } = tracked(inputs.map((_, index) => (index % 3) * 5));
	await mapWithConcurrency(inputs, 4, task);
	expect(seen.maxRunning).toBe(4);
	// Tasks start in input order.
	expect(seen.started).toEqual(inputs.map((_, index) => index));
});

test('a limit of 1 runs one task after the other; a limit above the item count runs them all at once', async () => {
	const one = tracked([5, 5, 5]);
	await mapWithConcurrency(['a', 'b', 'c'], 1, one.task);
	expect(one.seen.maxRunning).toBe(1);

	const all = tracked([5, 5, 5]);
	await mapWithConcurrency(['a', 'b', 'c'], 100, all.task);
	expect(all.seen.maxRunning).toBe(3);
});

test('no items: no task runs and the result is empty', async () => {
	const task = jest.fn(async () => 'never');
	await expect(mapWithConcurrency([], 10, task)).resolves.toEqual([]);
	expect(task).not.toHaveBeenCalled();
});

test('after a failure nothing new starts, the tasks in flight finish, then the first error is thrown', async () => {
	const started: number[] = [];
	const finished: number[] = [];
	const task = async (_value: number, index: number): Promise<number> => {
		started.push(index);
		if (index === 1) throw new Error('item 1 failed');
		await new Promise((resolve) => setTimeout(resolve, 20));
		finished.push(index);
		if (index === 2) throw new Error('item 2 failed too');
		return index;
	};
	await expect(mapWithConcurrency([0, 1, 2, 3, 4, 5], 3, task)).rejects.toThrow('item 1 failed');
	// Items 0 and 2 were in flight when item 1 failed: they ran to the end; 3, 4 and 5 never started.
	expect(started).toEqual([0, 1, 2]);
	expect(finished.sort()).toEqual([0, 2]);
});
