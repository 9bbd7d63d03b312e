import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as describe from './describe.operation';
import * as getPendingCallbackSteps from './getPendingCallbackSteps.operation';
import * as list from './list.operation';
import * as listSteps from './listSteps.operation';
import * as retry from './retry.operation';
import * as start from './start.operation';
import * as stop from './stop.operation';

export const operations: Record<string, Operation> = {
	start,
	describe,
	list,
	listSteps,
	getPendingCallbackSteps,
	stop,
	retry,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pipelineExecution'] } },
		options: [
			{
				name: 'Describe',
				value: 'describe',
				action: 'Describe a pipeline execution',
				description: 'Get the status, failure reason, times and parameters of an execution',
			},
			{
				name: 'Get Pending Callback Steps',
				value: 'getPendingCallbackSteps',
				action: 'Get pending callback steps',
				description: 'Find the callback steps still waiting for a token, one item each, ready for Send Step Success',
			},
			{
				name: 'List',
				value: 'list',
				action: 'List pipeline executions',
				description: 'List the executions of a pipeline',
			},
			{
				name: 'List Steps',
				value: 'listSteps',
				action: 'List the steps of a pipeline execution',
				description: 'List the steps of an execution with their status, type and metadata',
			},
			{
				name: 'Retry',
				value: 'retry',
				action: 'Retry a pipeline execution',
				description: 'Run the failed or stopped steps of an execution again',
			},
			{
				name: 'Start',
				value: 'start',
				action: 'Start a pipeline execution',
				description: 'Start an execution of a pipeline with parameters',
			},
			{
				name: 'Stop',
				value: 'stop',
				action: 'Stop a pipeline execution',
				description: 'Stop a running execution (callback steps must still be completed)',
			},
		],
		default: 'start',
	},
	...start.description,
	...describe.description,
	...list.description,
	...listSteps.description,
	...getPendingCallbackSteps.description,
	...stop.description,
	...retry.description,
];
