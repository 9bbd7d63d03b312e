import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AwsClient } from '../../shared/transport/awsRequest';
import type { ItemParameters } from './itemParameters';

/**
 * One operation (a `<name>.operation.ts` module): its entry in the Operation dropdown, its fields, and what
 * it does for one input item (one or more output items). Operations run for many items at once read their
 * fields through `parameters` (itemParameters.ts).
 */
export interface Operation {
	/** the dropdown entry; `value` is the operation's name in saved workflows */
	option: { name: string; value: string; action: string; description: string };
	/** the node's subtitle on the canvas while this operation is chosen */
	subtitle: string;
	/** the operation's fields; operations.ts shows them only for this resource and operation */
	properties: INodeProperties[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		client: AwsClient,
		parameters: ItemParameters,
	): Promise<IDataObject | IDataObject[]>;
}

/** An operation's `execute`, typed once here so each operation file states only what it does. */
export type OperationExecute = Operation['execute'];

export interface Resource {
	/** the Resource dropdown entry; `value` is the resource's name in saved workflows */
	name: string;
	value: string;
	/** in the order the node lists their fields; the first is the default */
	operations: Operation[];
	/** The Operation dropdown lists by name, as n8n's own nodes do, unless this keeps the order above. */
	optionsInListOrder?: boolean;
}
