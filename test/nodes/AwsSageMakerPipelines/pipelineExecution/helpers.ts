/** Parameters and pipelines the pipeline-execution tests share. */
import type { Emulator } from '../../../../tools/emulator';

/** A resource locator value as the editor stores it. */
export function locator(value: string, mode: 'list' | 'name' | 'arn' = 'name') {
	return { __rl: true, mode, value };
}

export function executionOp(operation: string, extra: Record<string, unknown> = {}) {
	return { resource: 'pipelineExecution', operation, ...extra };
}

export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Prepare (processing) → Review (callback, declares "approved") → Train (training, `trainMs` long). */
export function reviewPipeline(
	emulator: Emulator,
	options: { name?: string; trainMs?: number; queueUrl?: string } = {},
): string {
	return emulator.sageMaker.createPipeline({
		name: options.name ?? 'train-and-review',
		queueUrl: options.queueUrl,
		steps: [
			{ name: 'Prepare', type: 'Processing' },
			{
				name: 'Review',
				type: 'Callback',
				arguments: { report: 's3://bucket/report.html' },
				outputs: [{ name: 'approved', type: 'Boolean' }],
			},
			{ name: 'Train', type: 'Training', durationMs: options.trainMs },
		],
	});
}

/** A pipeline whose only step runs for `ms` and then succeeds, or fails on its first `failAttempts` attempts. */
export function timedPipeline(
	emulator: Emulator,
	name: string,
	ms: number,
	fail?: { reason: string; attempts?: number },
): string {
	return emulator.sageMaker.createPipeline({
		name,
		steps: [
			{
				name: 'Work',
				type: 'Processing',
				durationMs: ms,
				failureReason: fail?.reason,
				failAttempts: fail?.attempts,
			},
		],
	});
}
