/**
 * Runs the chosen operation for every input item: one AWS client and one parameter reader for the
 * execution, items in parallel up to "Max Concurrent Requests", output in input order and paired to its item.
 * With "continue on fail" a failed item becomes an error item and the others go on.
 *
 * Every input item ends as output or as an error, never as nothing: before an operation runs for an
 * item, the operation's options and always-shown fields are checked against their declarations (values
 * from expressions never met the editor's checks), and a bad Max Concurrent Requests fails every item.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { errorItemJson, toNodeError } from '../../shared/nodeErrors';
import { createAwsClient } from '../../shared/transport/awsRequest';
import { checkCollection, checkDeclaredValue, checkInteger } from '../../shared/validation';
import {
	DEFAULT_MAX_CONCURRENT_REQUESTS,
	maxConcurrentRequestsOption,
} from './common.descriptions';
import { itemParameters } from './itemParameters';
import { findOperation } from './operations';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = findOperation(resource, operationName);
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of "${resource}" is not supported`,
		);
	}

	const continueOnFail = this.continueOnFail();
	const failAll = (error: unknown): INodeExecutionData[][] => {
		const nodeError = toNodeError(this.getNode(), error, 0);
		if (!continueOnFail) throw nodeError;
		return [
			items.map((_item, itemIndex) => ({
				json: errorItemJson(nodeError),
				pairedItem: { item: itemIndex },
			})),
		];
	};

	let limit: number;
	try {
		const { minValue, maxValue } = maxConcurrentRequestsOption.typeOptions as {
			minValue: number;
			maxValue: number;
		};
		const raw = this.getNodeParameter(
			'options.maxConcurrentRequests',
			0,
			DEFAULT_MAX_CONCURRENT_REQUESTS,
		);
		limit = checkInteger(maxConcurrentRequestsOption.displayName, raw, minValue, maxValue);
	} catch (error) {
		return failAll(error);
	}
	const client = await createAwsClient(this);
	const parameters = itemParameters(this);
	const checked = operation.properties.filter(isChecked);

	const perItem = await mapWithConcurrency(items, limit, async (_item, itemIndex) => {
		try {
			for (const field of checked) {
				const value = parameters.get(field.name, itemIndex, undefined);
				if (field.type === 'collection') checkCollection(field, value);
				else if (value !== undefined) checkDeclaredValue(field, value);
			}
			const result = await operation.execute.call(this, itemIndex, client, parameters);
			return (Array.isArray(result) ? result : [result]).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			return [{ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } }];
		}
	});
	return [perItem.flat()];
}

const CHECKED_TYPES = new Set(['collection', 'boolean', 'number', 'options']);

/** A field of the operation shown whatever else is set (it has no display options of its own), of a type checked here. */
function isChecked(field: INodeProperties): boolean {
	return field.displayOptions === undefined && CHECKED_TYPES.has(field.type);
}
