/**
 * EventBridge's half of "a rule with an SQS queue as its target": `putEvents` wraps each entry in the
 * envelope EventBridge delivers (version, id, detail-type, source, account, time, region, resources,
 * detail) and puts the whole event in the queue as the message body, as a target without an input
 * transformer receives it. The builders make the three SageMaker events the trigger reads from the
 * emulator's own executions and steps (formats: SageMaker developer guide, "Events that Amazon SageMaker
 * AI sends to Amazon EventBridge").
 *
 * Not EventBridge: no buses, rules or pattern matching and no PutEvents API on the wire — a test names
 * the queue its rule would target. SageMaker does not send these events by itself here; tests put them.
 */
import { randomUUID } from 'node:crypto';

import type { Execution } from './sagemaker';

/** One event, as PutEvents takes it (Detail as a JSON string or an object). */
export interface PutEventsEntry {
	Source: string;
	DetailType: string;
	Detail: string | Record<string, unknown>;
	Resources?: string[];
	/** Default: now. */
	Time?: Date | string;
}

export const SAGEMAKER_DETAIL_TYPES = {
	pipelineExecutionStatusChange: 'SageMaker Model Building Pipeline Execution Status Change',
	stepStatusChange: 'SageMaker Model Building Pipeline Execution Step Status Change',
	modelPackageStateChange: 'SageMaker Model Package State Change',
} as const;

function iso(time: number | Date | string | undefined): string {
	const date = time === undefined ? new Date() : new Date(time);
	// EventBridge's time has whole seconds.
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function pipelineArnOf(execution: Execution): string {
	return execution.pipeline.arn;
}

export class EventBridgeModel {
	/** Every event put, in order (live array). */
	readonly events: Array<{ queueUrl: string; event: Record<string, unknown>; messageId: string }> =
		[];

	constructor(
		private readonly region: string,
		private readonly accountId: string,
		private readonly send: (queueUrl: string, body: string) => string,
	) {}

	/** Puts each entry on the queue as EventBridge would deliver it; returns each event's id and SQS message id. */
	putEvents(
		queueUrl: string,
		entries: PutEventsEntry[],
	): Array<{ eventId: string; messageId: string }> {
		return entries.map((entry) => {
			const event = {
				version: '0',
				id: randomUUID(),
				'detail-type': entry.DetailType,
				source: entry.Source,
				account: this.accountId,
				time: iso(entry.Time),
				region: this.region,
				resources: entry.Resources ?? [],
				detail:
					typeof entry.Detail === 'string' ? (JSON.parse(entry.Detail) as unknown) : entry.Detail,
			};
			const messageId = this.send(queueUrl, JSON.stringify(event));
			this.events.push({ queueUrl, event, messageId });
			return { eventId: event.id, messageId };
		});
	}

	/** "Pipeline execution state change" for an emulator execution; its status now unless told otherwise. */
	executionStatusChange(
		execution: Execution,
		change: { current?: string; previous?: string } = {},
	): PutEventsEntry {
		return {
			Source: 'aws.sagemaker',
			DetailType: SAGEMAKER_DETAIL_TYPES.pipelineExecutionStatusChange,
			Resources: [pipelineArnOf(execution), execution.arn],
			Detail: {
				pipelineExecutionDisplayName: execution.displayName,
				currentPipelineExecutionStatus: change.current ?? execution.status,
				previousPipelineExecutionStatus: change.previous ?? 'Executing',
				executionStartTime: iso(execution.creationTime),
				executionEndTime: iso(execution.lastModifiedTime),
				pipelineExecutionDescription: execution.description,
				pipelineArn: pipelineArnOf(execution),
				pipelineExecutionArn: execution.arn,
			},
		};
	}

	/** "Pipeline step state change" for a step of an emulator execution, with its status and failure reason. */
	stepStatusChange(
		execution: Execution,
		stepName: string,
		change: { previous?: string } = {},
	): PutEventsEntry {
		const run = execution.runs.find((candidate) => candidate.name === stepName);
		if (!run)
			throw new Error(`stepStatusChange: execution ${execution.arn} has no step ${stepName}`);
		return {
			Source: 'aws.sagemaker',
			DetailType: SAGEMAKER_DETAIL_TYPES.stepStatusChange,
			Resources: [pipelineArnOf(execution), execution.arn],
			Detail: {
				metadata: {},
				stepStartTime: iso(run.startTime),
				...(run.endTime !== undefined ? { stepEndTime: iso(run.endTime) } : {}),
				stepName: run.name,
				stepType: run.type,
				previousStepStatus: change.previous ?? 'Executing',
				currentStepStatus: run.status,
				...(run.failureReason !== undefined ? { failureReason: run.failureReason } : {}),
				pipelineArn: pipelineArnOf(execution),
				pipelineExecutionArn: execution.arn,
			},
		};
	}

	/** "Model package state change" for a versioned model package, optionally registered by an execution. */
	modelPackageStateChange(options: {
		groupName: string;
		version: number;
		approvalStatus: 'PendingManualApproval' | 'Approved' | 'Rejected';
		generatedBy?: Execution;
	}): PutEventsEntry {
		const arn = `arn:aws:sagemaker:${this.region}:${this.accountId}:model-package/${options.groupName.toLowerCase()}/${options.version}`;
		return {
			Source: 'aws.sagemaker',
			DetailType: SAGEMAKER_DETAIL_TYPES.modelPackageStateChange,
			Resources: [arn],
			Detail: {
				ModelPackageGroupName: options.groupName,
				ModelPackageVersion: options.version,
				ModelPackageArn: arn,
				CreationTime: iso(undefined),
				ModelPackageStatus: 'Completed',
				ModelApprovalStatus: options.approvalStatus,
				...(options.generatedBy
					? { MetadataProperties: { GeneratedBy: options.generatedBy.arn } }
					: {}),
				LastModifiedTime: iso(undefined),
			},
		};
	}

	reset(): void {
		this.events.length = 0;
	}
}
