/**
 * Reads the trigger's message source and, for EventBridge events, which events and statuses start the
 * workflow, checked before any request: a wrong value fails activation with the field's name. The event
 * types and status values are AWS's own (SageMaker developer guide, "Events that Amazon SageMaker AI sends
 * to Amazon EventBridge"; API reference: PipelineExecutionStatus, StepStatus, ModelApprovalStatus).
 * Options shared with callback messages (queue, pipeline names, delivery) stay in options.ts.
 */
import { InputError } from '../shared/validation';

export type MessageSource = 'callbackQueue' | 'eventBridge';

/** The trigger's event names and the EventBridge detail-type each one stands for. */
export const PIPELINE_EVENT_TYPES = {
	pipelineExecutionStatusChange: 'SageMaker Model Building Pipeline Execution Status Change',
	stepStatusChange: 'SageMaker Model Building Pipeline Execution Step Status Change',
	modelPackageStateChange: 'SageMaker Model Package State Change',
} as const;

export type PipelineEventName = keyof typeof PIPELINE_EVENT_TYPES;

export const EVENT_STATUSES = {
	pipelineExecutionStatuses: ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'],
	stepStatuses: ['Starting', 'Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'],
	modelApprovalStatuses: ['PendingManualApproval', 'Approved', 'Rejected'],
} as const;

export interface EventFilters {
	events: PipelineEventName[];
	/** each empty means every status */
	pipelineExecutionStatuses: string[];
	stepStatuses: string[];
	modelApprovalStatuses: string[];
}

/** The status filters' labels, as the trigger's options show them. */
export const STATUS_FILTER_LABELS = {
	pipelineExecutionStatuses: 'Pipeline Execution Statuses',
	stepStatuses: 'Step Statuses',
	modelApprovalStatuses: 'Model Approval Statuses',
} as const;

export function checkMessageSource(value: unknown): MessageSource {
	// Workflows saved before the field existed have no value: they read callback messages, as they always did.
	if (value === undefined || value === null || value === '') return 'callbackQueue';
	if (value !== 'callbackQueue' && value !== 'eventBridge') {
		throw new InputError(
			'Message Source',
			`Message Source must be "callbackQueue" or "eventBridge" (got ${JSON.stringify(value)})`,
		);
	}
	return value;
}

/** A multi-options value (or, from an expression, a comma-separated string) of allowed values only. */
function checkList<T extends string>(field: string, value: unknown, allowed: readonly T[]): T[] {
	if (value === undefined || value === null || value === '') return [];
	const list =
		typeof value === 'string'
			? value
					.split(',')
					.map((entry) => entry.trim())
					.filter(Boolean)
			: value;
	if (!Array.isArray(list))
		throw new InputError(field, `${field} must be a list of ${allowed.join(', ')}`);
	const unknown = list.filter((entry) => !allowed.includes(entry as T));
	if (unknown.length > 0) {
		throw new InputError(
			field,
			`${field} has ${unknown.map((entry) => JSON.stringify(entry)).join(', ')}, not one of ${allowed.join(', ')}`,
		);
	}
	return [...new Set(list as T[])];
}

export interface RawEventParameters {
	events: unknown;
	options: {
		pipelineExecutionStatuses?: unknown;
		stepStatuses?: unknown;
		modelApprovalStatuses?: unknown;
	};
}

export function readEventFilters(raw: RawEventParameters): EventFilters {
	const events = checkList(
		'Event Types',
		raw.events,
		Object.keys(PIPELINE_EVENT_TYPES) as PipelineEventName[],
	);
	if (events.length === 0) {
		throw new InputError(
			'Event Types',
			'Event Types is empty: choose at least one',
			'Each event type the EventBridge rule sends to the queue and the workflow should react to.',
		);
	}
	const statuses = (key: keyof typeof STATUS_FILTER_LABELS) =>
		checkList(STATUS_FILTER_LABELS[key], raw.options[key], EVENT_STATUSES[key]);
	return {
		events,
		pipelineExecutionStatuses: statuses('pipelineExecutionStatuses'),
		stepStatuses: statuses('stepStatuses'),
		modelApprovalStatuses: statuses('modelApprovalStatuses'),
	};
}
