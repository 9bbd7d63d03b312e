/** Parameters and registry contents the Model Package tests share. */
import type { Emulator } from '../../../../tools/emulator';

export function modelPackageOp(operation: string, extra: Record<string, unknown> = {}) {
	return { resource: 'modelPackage', operation, ...extra };
}

/** A resource locator value as the editor stores it. */
export function locator(value: string, mode: 'list' | 'name' | 'arn' = 'name') {
	return { __rl: true, mode, value };
}

/**
 * `count` versions of `group`, registered one minute apart from 2026-01-01 (oldest first); every third one
 * (versions 1, 4, 7, ...) already Approved, the others waiting. Each records its accuracy in customer metadata.
 */
export function registerVersions(emulator: Emulator, count: number, group = 'churn-models') {
	return Array.from({ length: count }, (_, i) =>
		emulator.sageMaker.registry.registerModelPackage(group, {
			approvalStatus: i % 3 === 0 ? 'Approved' : 'PendingManualApproval',
			description: `candidate ${i + 1}`,
			customerMetadataProperties: { accuracy: (0.8 + (i % 20) / 100).toFixed(2) },
			creationTime: Date.UTC(2026, 0, 1, 0, i),
		}),
	);
}
