/**
 * 6. (Later) Message → execution start latency in the real n8n: a hook, not a benchmark yet.
 *
 * What it is to measure once the trigger (AWS SageMaker Pipelines Trigger) and the real-n8n
 * runner (test/e2e/runner) are finished by the engineers who own them:
 * - latency from a callback message landing in the emulator's SQS queue to the start of the n8n
 *   execution it triggers: p50 and p95 over 200 messages, one at a time;
 * - drain time for 500 messages queued before the workflow is activated.
 * Fill in `run` with those; it must return a BenchmarkResult like the others (its table, checks
 * and raw data), and then drop `pending` so `npm run bench` runs it with the rest.
 * It belongs to the real n8n (not the in-process engine) because polling, activation and the
 * execution queue are what is measured. Run it with `npm run bench -- triggerLatency`.
 */
import type { Benchmark, BenchContext, BenchmarkResult } from './lib/types';

export const triggerLatency: Benchmark = {
	id: 'triggerLatency',
	title: 'Trigger: message → execution start latency in the real n8n (not measured yet)',
	pending: true,
	async run(context: BenchContext): Promise<BenchmarkResult> {
		context.log('triggerLatency: pending — needs the trigger node, the emulator\'s SQS and the real-n8n runner');
		return {
			id: this.id,
			title: this.title,
			settings: { messages: 200, queuedForDrain: 500 },
			table: { columns: ['measure', 'value'], rows: [['message → execution start p50 / p95', 'not measured yet'], ['drain 500 queued messages', 'not measured yet']] },
			checks: [],
			notes: ['Pending: see the comment at the top of bench/triggerLatency.ts for what it will measure.'],
			data: {},
		};
	},
};
