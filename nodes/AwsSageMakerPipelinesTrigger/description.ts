/**
 * The trigger's fields: the queue, and options whose bounds come from options.ts and whose status values
 * come from eventOptions.ts. Defaults are written as literals because n8n's verification accepts no other;
 * a test holds them equal to options.ts's DEFAULTS.
 */
import type { INodeProperties } from 'n8n-workflow';

import { EVENT_STATUSES, STATUS_FILTER_LABELS } from './eventOptions';
import { SQS_LIMITS, TRIGGER_LIMITS } from './options';

/** An events-only option that keeps the events whose status is one of AWS's values chosen (shown with spaces between words). */
function statusFilter(name: keyof typeof EVENT_STATUSES, description: string): INodeProperties {
	return {
		displayName: STATUS_FILTER_LABELS[name],
		name,
		type: 'multiOptions',
		displayOptions: { show: { '/messageSource': ['eventBridge'] } },
		options: [...EVENT_STATUSES[name]]
			.sort()
			.map((value) => ({ name: value.replace(/([a-z])([A-Z])/g, '$1 $2'), value })),
		default: [],
		description,
	};
}

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"Starts the workflow for each message a SageMaker Pipelines callback step puts in this SQS queue. Finish the step with the AWS SageMaker Pipelines node (Send Step Success or Send Step Failure) using <code>{{ $json.token }}</code>. The step's arguments are under <code>stepArguments</code>.",
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageSource: ['callbackQueue'] } },
	},
	{
		displayName:
			"Starts the workflow for each SageMaker event an EventBridge rule sends to this SQS queue (the whole event, no input transformer). The README shows the rule and the queue policy. Useful fields such as <code>pipelineName</code>, <code>currentStatus</code>, <code>stepName</code> and <code>failureReason</code> are at the top of the item, the event's detail under <code>detail</code>.",
		name: 'eventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { messageSource: ['eventBridge'] } },
	},
	{
		displayName: 'Message Source',
		name: 'messageSource',
		type: 'options',
		options: [
			{
				name: 'Callback Messages',
				value: 'callbackQueue',
				description: 'The messages SageMaker callback steps put in their queue',
			},
			{
				name: 'Pipeline Events (EventBridge)',
				value: 'eventBridge',
				description:
					'SageMaker pipeline and model package events, sent to the queue by an EventBridge rule',
			},
		],
		default: 'callbackQueue',
		description: 'What the queue holds',
	},
	{
		// Not "Events": n8n's nodes panel turns a trigger field labelled Event, Events or Trigger On into one
		// action per option, and such an action would set this field without Message Source.
		displayName: 'Event Types',
		name: 'events',
		type: 'multiOptions',
		required: true,
		displayOptions: { show: { messageSource: ['eventBridge'] } },
		options: [
			{
				name: 'SageMaker Model Building Pipeline Execution Status Change',
				value: 'pipelineExecutionStatusChange',
				description: 'A pipeline execution started, succeeded, failed, is stopping or stopped',
			},
			{
				name: 'SageMaker Model Building Pipeline Execution Step Status Change',
				value: 'stepStatusChange',
				description:
					'A step of a pipeline execution changed status; a failed step carries its failure reason',
			},
			{
				name: 'SageMaker Model Package State Change',
				value: 'modelPackageStateChange',
				description: 'A model package was registered, or its approval status changed',
			},
		],
		default: ['pipelineExecutionStatusChange'],
		description:
			'Which events start the workflow. Other SageMaker events of these types are deleted without a run; let the EventBridge rule send only what you need.',
	},
	{
		displayName: 'Queue URL',
		name: 'queueUrl',
		// A resource locator; workflows saved while it was a text field hold the URL string, still read as the queue's URL.
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description:
			"URL of the SQS queue named in the callback step (its SqsQueueUrl). It must be in the credential's region.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a queue...',
				typeOptions: { searchListMethod: 'searchQueues', searchable: true },
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://sqs.us-east-1.amazonaws.com/123456789012/my-callback-queue',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^https?://[^/\\s]+/\\d{12}/[A-Za-z0-9_-]{1,80}(\\.fifo)?$',
							errorMessage: 'Not an SQS queue URL (https://HOST/ACCOUNT_ID/QUEUE_NAME)',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Delete Message',
				name: 'deleteMessage',
				type: 'options',
				options: [
					{
						name: 'After the Execution Succeeded',
						value: 'afterSuccess',
						description:
							'At least once: a failed execution, or n8n stopping, leaves the message to come back after the visibility timeout',
					},
					{
						name: 'Right After It Was Received',
						value: 'onReceive',
						description: 'At most once: a failed execution does not get the message again',
					},
				],
				default: 'afterSuccess',
				description: 'When the message is removed from the queue',
			},
			{
				displayName: 'Include Stopping Messages',
				name: 'includeStopping',
				type: 'boolean',
				displayOptions: { show: { '/messageSource': ['callbackQueue'] } },
				default: true,
				description:
					'Whether to start the workflow for the message SageMaker sends when someone stops the pipeline (status "Stopping"). The step still waits for success or failure. When off, such messages are deleted without a run.',
			},
			{
				displayName: 'Max Concurrent Executions',
				name: 'maxConcurrentExecutions',
				type: 'number',
				typeOptions: {
					minValue: TRIGGER_LIMITS.maxConcurrentExecutions.min,
					maxValue: TRIGGER_LIMITS.maxConcurrentExecutions.max,
				},
				default: 10,
				description:
					'How many executions started by this trigger may run at once. No more messages are received while that many run.',
			},
			{
				displayName: 'Max Execution Time (Seconds)',
				name: 'maxExecutionTime',
				type: 'number',
				typeOptions: {
					minValue: TRIGGER_LIMITS.maxExecutionTime.min,
					maxValue: TRIGGER_LIMITS.maxExecutionTime.max,
				},
				default: 3600,
				description:
					'How long the trigger waits for an execution to end, keeping its message hidden. After that the message comes back and runs again, even if the first run still goes on (it is not stopped). This also brings back the message of a run n8n lost track of, such as one on a queue-mode worker that died. Keep it above your longest run; at most 43200 (SQS hides a message for 12 hours at most).',
			},
			{
				displayName: 'Max Messages per Receive',
				name: 'maxNumberOfMessages',
				type: 'number',
				typeOptions: {
					minValue: SQS_LIMITS.maxNumberOfMessages.min,
					maxValue: SQS_LIMITS.maxNumberOfMessages.max,
				},
				default: 10,
				description:
					'How many messages one SQS receive may return (1–10). Each message starts its own execution.',
			},
			statusFilter(
				'modelApprovalStatuses',
				'Only model package events with one of these approval statuses start the workflow. Empty: every status.',
			),
			statusFilter(
				'pipelineExecutionStatuses',
				'Only pipeline execution events whose new status is one of these start the workflow. Empty: every status.',
			),
			{
				displayName: 'Pipeline Names',
				name: 'pipelineNames',
				type: 'string',
				default: '',
				placeholder: 'training-pipeline, scoring-pipeline',
				description:
					'Comma-separated. Only messages of these pipelines start the workflow; others are left in the queue for other consumers (events of other pipelines are deleted without a run). Case does not matter. Empty: every pipeline.',
			},
			statusFilter(
				'stepStatuses',
				'Only step events whose new status is one of these start the workflow. Empty: every status.',
			),
			{
				displayName: 'Visibility Timeout (Seconds)',
				name: 'visibilityTimeout',
				type: 'number',
				typeOptions: {
					minValue: TRIGGER_LIMITS.visibilityTimeout.min,
					maxValue: TRIGGER_LIMITS.visibilityTimeout.max,
				},
				default: 60,
				description:
					'How long a received message stays hidden from other receivers. It is extended while its execution runs; after a failed execution the message comes back when it runs out.',
			},
		],
	},
];
