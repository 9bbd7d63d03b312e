import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../shared/transport/awsRequest';
import type { ItemParameters } from './itemParameters';

/**
 * One operation: its fields, and what it does for one input item (one or more output items). Operations
 * run for many items at once read their fields through `parameters` (itemParameters.ts).
 */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient, parameters: ItemParameters): Promise<IDataObject | IDataObject[]>;
}

/** Fields in this file apply to one resource/operation pair. */
export function showFor(resource: string, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}
