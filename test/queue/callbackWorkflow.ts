/**
 * What the queue-mode leg imports into n8n: the emulator credential and one callback workflow —
 * AWS SageMaker Pipelines Trigger → "Planned failure?" (IF) → Stop and Error | Send Step Success.
 *
 * A message fails its execution while its receive count is below the step argument `failUntilReceive`
 * (absent: never). That is how a test makes chosen executions fail with nothing but the message: `'2'` fails
 * the first delivery only (a transient failure), a large number fails every delivery (a permanent one).
 *
 * The outputs sent with Send Step Success depend only on the message, never on the run (no receive count,
 * execution id or time): a message delivered again after its step already succeeded then sends the same
 * request, with the same derived ClientRequestToken, and SageMaker answers it as a replay instead of
 * ResourceNotFound. Limits: one trigger per workflow, one queue.
 */
import type { Emulator } from '../../tools/emulator';
import { emulatorN8nCredential } from '../../tools/emulator/credential';
import { CALLBACK_TRIGGER_NAME, PACKAGE_NODE_TYPES, type WorkflowJson } from '../e2e/runner';

export const CREDENTIAL = { id: 'queueModeCred001', name: 'Emulator (queue mode)' };

/** n8n's credential export, pointing every service at the emulator. */
export function emulatorCredential(emulator: Emulator): object {
	return emulatorN8nCredential(emulator, CREDENTIAL);
}

export interface TriggerSettings {
	/** Executions the trigger keeps running (queued in Redis or on a worker) at once. */
	maxConcurrentExecutions: number;
	/** Seconds; also how soon a message whose execution failed comes back. */
	visibilityTimeout: number;
	/** Seconds the trigger waits for an execution's end (default: the trigger's own). */
	maxExecutionTime?: number;
}

export function callbackWorkflow(
	id: string,
	queueUrl: string,
	trigger: TriggerSettings,
): WorkflowJson {
	const credentials = { awsSageMakerApi: CREDENTIAL };
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		position: [number, number],
		parameters: object,
		extra: object = {},
	) => ({
		id: `${id}-${name.replace(/\W+/g, '-').toLowerCase()}`,
		name,
		type,
		typeVersion,
		position,
		parameters,
		...extra,
	});
	return {
		id,
		name: `Callback loop (${id})`,
		active: false,
		nodes: [
			node(
				CALLBACK_TRIGGER_NAME,
				PACKAGE_NODE_TYPES.trigger,
				1,
				[0, 0],
				{
					queueUrl,
					options: {
						maxConcurrentExecutions: trigger.maxConcurrentExecutions,
						visibilityTimeout: trigger.visibilityTimeout,
						...(trigger.maxExecutionTime !== undefined && {
							maxExecutionTime: trigger.maxExecutionTime,
						}),
					},
				},
				{ credentials },
			),
			node('Planned failure?', 'n8n-nodes-base.if', 2.2, [220, 0], {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [
						{
							id: `${id}-planned-failure`,
							leftValue: '={{ $json.receiveCount }}',
							rightValue: '={{ Number($json.stepArguments.failUntilReceive || 0) }}',
							operator: { type: 'number', operation: 'lt' },
						},
					],
					combinator: 'and',
				},
				looseTypeValidation: true,
				options: {},
			}),
			node('Stop and Error', 'n8n-nodes-base.stopAndError', 1, [440, -100], {
				errorType: 'errorMessage',
				errorMessage:
					'=Planned failure of callback token {{ $json.token }} on receive {{ $json.receiveCount }}',
			}),
			node(
				'Send Step Success',
				PACKAGE_NODE_TYPES.node,
				1,
				[440, 100],
				{
					resource: 'callbackStep',
					operation: 'sendSuccess',
					callbackToken: '={{ $json.token }}',
					outputParameters: { parameters: [{ name: 'approvedBy', value: 'n8n queue mode' }] },
					options: {},
				},
				{ credentials },
			),
		],
		connections: {
			[CALLBACK_TRIGGER_NAME]: { main: [[{ node: 'Planned failure?', type: 'main', index: 0 }]] },
			'Planned failure?': {
				main: [
					[{ node: 'Stop and Error', type: 'main', index: 0 }],
					[{ node: 'Send Step Success', type: 'main', index: 0 }],
				],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}
