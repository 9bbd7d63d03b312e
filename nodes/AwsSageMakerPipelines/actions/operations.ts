/**
 * The node's one list of resources and their operations, and what is derived from it: the Resource and
 * Operation dropdowns, each operation's fields shown only for that operation (n8n-workflow's
 * updateDisplayOptions), the subtitle on the canvas, and the lookup of the operation the router runs.
 * An operation's own module holds its dropdown entry, subtitle and fields (types.ts).
 */
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as sendFailure from './callbackStep/sendFailure.operation';
import * as sendSuccess from './callbackStep/sendSuccess.operation';
import * as describeModelPackage from './modelPackage/describe.operation';
import * as listModelPackages from './modelPackage/list.operation';
import * as updateApprovalStatus from './modelPackage/updateApprovalStatus.operation';
import * as describeExecution from './pipelineExecution/describe.operation';
import * as getPendingCallbackSteps from './pipelineExecution/getPendingCallbackSteps.operation';
import * as listExecutions from './pipelineExecution/list.operation';
import * as listSteps from './pipelineExecution/listSteps.operation';
import * as retry from './pipelineExecution/retry.operation';
import * as start from './pipelineExecution/start.operation';
import * as stop from './pipelineExecution/stop.operation';
import type { Operation, Resource } from './types';

export const RESOURCES: Resource[] = [
	// Success before Failure, the order a pipeline wants them in.
	{
		name: 'Callback Step',
		value: 'callbackStep',
		operations: [sendSuccess, sendFailure],
		optionsInListOrder: true,
	},
	{
		name: 'Pipeline Execution',
		value: 'pipelineExecution',
		operations: [
			start,
			describeExecution,
			listExecutions,
			listSteps,
			getPendingCallbackSteps,
			stop,
			retry,
		],
	},
	{
		name: 'Model Package',
		value: 'modelPackage',
		operations: [listModelPackages, describeModelPackage, updateApprovalStatus],
	},
];

/**
 * Sorted by name, comparing code units: the names are plain ASCII labels, and `localeCompare` would load
 * ICU's collator at start-up (about 12 ms and 2.5 MB, more than the rest of the node).
 */
function byName<T extends { name: string }>(entries: T[]): T[] {
	return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function operationParameter(resource: Resource): INodeProperties {
	const options = resource.operations.map((operation) => operation.option);
	const firstOperation = resource.operations[0].option.value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.optionsInListOrder ? options : byName(options),
		default: firstOperation,
	};
}

/** The node's parameters: Resource, then per resource its Operation and each operation's fields. */
export function nodeProperties(): INodeProperties[] {
	const firstResource = RESOURCES[0].value;
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: byName(RESOURCES).map(({ name, value }) => ({ name, value })),
			default: firstResource,
		},
		...RESOURCES.flatMap((resource) => [
			operationParameter(resource),
			...resource.operations.flatMap((operation) =>
				updateDisplayOptions(
					{ show: { resource: [resource.value], operation: [operation.option.value] } },
					operation.properties,
				),
			),
		]),
	];
}

/**
 * The canvas subtitle: the chosen operation's label, looked up by resource and operation (Describe and List
 * exist under two resources). Parameters at their default are in `$parameter` too, so a new node shows its
 * label at once.
 */
export function subtitle(): string {
	const map = RESOURCES.flatMap((resource) =>
		resource.operations.map(
			({ option, subtitle: label }) =>
				`${JSON.stringify(`${resource.value}.${option.value}`)}: ${JSON.stringify(label)}`,
		),
	).join(', ');
	return `={{ { ${map} }[$parameter["resource"] + "." + $parameter["operation"]] || $parameter["operation"] }}`;
}

export function findOperation(resource: string, operation: string): Operation | undefined {
	return RESOURCES.find((entry) => entry.value === resource)?.operations.find(
		(entry) => entry.option.value === operation,
	);
}
