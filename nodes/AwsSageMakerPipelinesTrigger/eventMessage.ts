/**
 * Reads an SQS message body as a SageMaker event an EventBridge rule put in the queue (the whole event,
 * no input transformer) and turns it into the item the workflow gets: the envelope's facts, the detail's
 * useful fields flattened under camel-cased AWS names, and the detail whole. Formats: SageMaker developer
 * guide, "Events that Amazon SageMaker AI sends to Amazon EventBridge" (pipeline execution state change,
 * pipeline step state change, model package state change).
 *
 * What is not one of those three events (not JSON, not an EventBridge event, another source or
 * detail-type, a detail without the fields that name what changed) is unreadable: reported and left for
 * the queue's redrive policy, as a malformed callback message is. A well-formed event that the trigger's
 * filters exclude is deleted without a run: an events queue is fed by a rule for one consumer, nobody
 * else waits for it, and left in the queue it would come back every visibility timeout until the redrive
 * policy moved a perfectly good event to the dead-letter queue. (In a test listen it is only held back.)
 *
 * Unknown status values are passed on as they are (AWS may add some); the status filters offer AWS's
 * documented values.
 */
import type { IDataObject } from 'n8n-workflow';

import { parsePipelineExecutionArn } from '../shared/arn';
import type { MessageReader, Reading } from './delivery';
import { PIPELINE_EVENT_TYPES, type EventFilters, type PipelineEventName } from './eventOptions';
import { isObject, itemJson, parseBody, quoted } from './messageJson';

type ParsedEvent = { event: PipelineEventName; item: IDataObject } | { problem: string };

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

const EVENT_BY_DETAIL_TYPE = new Map<string, PipelineEventName>(
	Object.entries(PIPELINE_EVENT_TYPES).map(([event, detailType]) => [
		detailType,
		event as PipelineEventName,
	]),
);

/** The name in arn:aws:sagemaker:REGION:ACCOUNT:pipeline/NAME, as the ARN spells it. */
function pipelineNameOf(
	pipelineArn: string | undefined,
	pipelineExecutionArn: string | undefined,
): string | undefined {
	const fromExecution = pipelineExecutionArn
		? parsePipelineExecutionArn(pipelineExecutionArn).pipelineName
		: undefined;
	return fromExecution ?? (pipelineArn ? /:pipeline\/([^/]+)$/.exec(pipelineArn)?.[1] : undefined);
}

/** The detail's fields that say what changed, by event; a problem when the fields that name what changed are missing. */
function flatten(
	event: PipelineEventName,
	detail: Record<string, unknown>,
): IDataObject | { problem: string } {
	if (event === 'modelPackageStateChange') {
		const modelPackageArn = text(detail.ModelPackageArn);
		if (!modelPackageArn) return { problem: 'its detail has no "ModelPackageArn"' };
		const metadata = isObject(detail.MetadataProperties) ? detail.MetadataProperties : {};
		// A package registered by a pipeline names the execution that made it.
		const generatedBy = text(metadata.GeneratedBy);
		const pipelineExecutionArn =
			generatedBy && parsePipelineExecutionArn(generatedBy).pipelineName ? generatedBy : undefined;
		const version = detail.ModelPackageVersion;
		return {
			modelPackageArn,
			modelPackageGroupName: text(detail.ModelPackageGroupName),
			modelPackageVersion:
				typeof version === 'number' && Number.isFinite(version) ? version : undefined,
			modelApprovalStatus: text(detail.ModelApprovalStatus),
			modelPackageStatus: text(detail.ModelPackageStatus),
			pipelineName: pipelineNameOf(undefined, pipelineExecutionArn),
			pipelineExecutionArn,
		};
	}
	const pipelineExecutionArn = text(detail.pipelineExecutionArn);
	if (!pipelineExecutionArn?.startsWith('arn:'))
		return { problem: 'its detail has no "pipelineExecutionArn"' };
	const pipelineArn = text(detail.pipelineArn);
	const common = {
		pipelineName: pipelineNameOf(pipelineArn, pipelineExecutionArn),
		pipelineArn,
		pipelineExecutionArn,
	};
	if (event === 'pipelineExecutionStatusChange') {
		const currentStatus = text(detail.currentPipelineExecutionStatus);
		if (!currentStatus) return { problem: 'its detail has no "currentPipelineExecutionStatus"' };
		return {
			...common,
			pipelineExecutionDisplayName: text(detail.pipelineExecutionDisplayName),
			currentStatus,
			previousStatus: text(detail.previousPipelineExecutionStatus),
			failureReason: text(detail.failureReason),
		};
	}
	const stepName = text(detail.stepName);
	const currentStatus = text(detail.currentStepStatus);
	if (!stepName || !currentStatus)
		return { problem: `its detail has no "${stepName ? 'currentStepStatus' : 'stepName'}"` };
	return {
		...common,
		stepName,
		stepType: text(detail.stepType),
		currentStatus,
		previousStatus: text(detail.previousStepStatus),
		failureReason: text(detail.failureReason),
	};
}

function parsePipelineEvent(body: string): ParsedEvent {
	const read = parseBody(body);
	if ('problem' in read) return read;
	const parsed = read.object;
	const detailType = text(parsed['detail-type']);
	const source = text(parsed.source);
	if (!detailType || !source || !isObject(parsed.detail)) {
		const hint =
			typeof parsed.token === 'string'
				? ': it looks like a callback message, read this queue with Message Source "Callback Messages"'
				: '';
		return {
			problem: `it is not an EventBridge event (no "source", "detail-type" and "detail"; was an input transformer set on the rule's target?)${hint}`,
		};
	}
	if (source !== 'aws.sagemaker')
		return { problem: `it is an event from ${quoted(source)}, not from aws.sagemaker` };
	const event = EVENT_BY_DETAIL_TYPE.get(detailType);
	if (!event)
		return {
			problem: `it is a SageMaker ${quoted(detailType)} event, which this trigger does not read`,
		};
	const fields = flatten(event, parsed.detail);
	if ('problem' in fields)
		return { problem: `it is a "${detailType}" event, but ${fields.problem}` };
	return {
		event,
		item: {
			event,
			detailType,
			eventId: text(parsed.id),
			time: text(parsed.time),
			region: text(parsed.region),
			account: text(parsed.account),
			...fields,
			detail: parsed.detail as IDataObject,
		},
	};
}

/** Why the filters exclude this event, or undefined when it starts the workflow. */
function excludedBy(
	event: PipelineEventName,
	item: IDataObject,
	filters: EventFilters & { pipelineNames: string[] },
): string | undefined {
	if (!filters.events.includes(event))
		return `is a "${String(item.detailType)}" event, not one of the events chosen`;
	const { pipelineNames } = filters;
	const pipelineName = typeof item.pipelineName === 'string' ? item.pipelineName : undefined;
	// SageMaker lower-cases pipeline names in some ARNs: compare without case, as the callback filter does.
	if (pipelineNames.length > 0 && !pipelineNames.includes(pipelineName?.toLowerCase() ?? '')) {
		return `is for pipeline ${pipelineName ? quoted(pipelineName) : 'none'}, not one of ${pipelineNames.join(', ')}`;
	}
	const [statuses, value] =
		event === 'pipelineExecutionStatusChange'
			? [filters.pipelineExecutionStatuses, item.currentStatus]
			: event === 'stepStatusChange'
				? [filters.stepStatuses, item.currentStatus]
				: [filters.modelApprovalStatuses, item.modelApprovalStatus];
	if (statuses.length > 0 && !statuses.includes(String(value)))
		return `has status ${value === undefined ? 'none' : quoted(value)}, not one of ${statuses.join(', ')}`;
	return undefined;
}

/** What the trigger does with each message of an events queue (delivery.ts carries it out). */
export function readPipelineEvents(
	filters: EventFilters & { pipelineNames: string[] },
): MessageReader {
	return (received): Reading => {
		const parsed = parsePipelineEvent(received.body);
		if ('problem' in parsed)
			return { unreadable: `is not a SageMaker pipeline event: ${parsed.problem}` };
		const why = excludedBy(parsed.event, parsed.item, filters);
		if (why) return { skip: 'delete', why };
		return { item: itemJson(parsed.item, received) };
	};
}
