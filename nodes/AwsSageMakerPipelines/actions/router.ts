/**
 * Runs the chosen operation for every input item: one AWS client and one parameter reader for the
 * execution, items in parallel up to "Max Concurrent Requests", output in input order and paired to its item.
 * With "continue on fail" a failed item becomes an error item and the others go on.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { errorItemJson, toNodeError } from '../../shared/nodeErrors';
import { createAwsClient } from '../../shared/transport/awsRequest';
import * as callbackStep from './callbackStep';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from './common.descriptions';
import { itemParameters } from './itemParameters';
import * as pipelineExecution from './pipelineExecution';
import type { Operation } from './types';

const resources: Record<string, Record<string, Operation>> = {
	callbackStep: callbackStep.operations,
	pipelineExecution: pipelineExecution.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const client = await createAwsClient(this);
	const limit = this.getNodeParameter('options.maxConcurrentRequests', 0, DEFAULT_MAX_CONCURRENT_REQUESTS) as number;
	const continueOnFail = this.continueOnFail();
	const parameters = itemParameters(this);

	const perItem = await mapWithConcurrency(items, limit, async (_item, itemIndex) => {
		try {
			const result = await operation.execute.call(this, itemIndex, client, parameters);
			return (Array.isArray(result) ? result : [result]).map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, itemIndex);
			if (!continueOnFail) throw nodeError;
			return [{ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } }];
		}
	});
	return [perItem.flat()];
}
