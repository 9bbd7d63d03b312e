import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import * as sendFailure from './sendFailure.operation';
import * as sendSuccess from './sendSuccess.operation';

export const operations: Record<string, Operation> = { sendSuccess, sendFailure };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callbackStep'] } },
		options: [
			{
				name: 'Send Step Success',
				value: 'sendSuccess',
				action: 'Send step success',
				description: 'Finish a waiting callback step as succeeded, with its output parameters',
			},
			{
				name: 'Send Step Failure',
				value: 'sendFailure',
				action: 'Send step failure',
				description: 'Finish a waiting callback step as failed, with a reason',
			},
		],
		default: 'sendSuccess',
	},
	...sendSuccess.description,
	...sendFailure.description,
];
