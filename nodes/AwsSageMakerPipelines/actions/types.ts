import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../shared/transport/awsRequest';

/** One operation: its fields, and what it does for one input item (one or more output items). */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, client: AwsClient): Promise<IDataObject | IDataObject[]>;
}

/** Fields in this file apply to one resource/operation pair. */
export function showFor(resource: string, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}
