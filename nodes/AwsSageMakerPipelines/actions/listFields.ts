/**
 * The fields of the List operations (executions, model packages, steps) and the readers that go with
 * them: Return All and Limit, the Created After/Before filters, the Sort Order option.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkInteger, checkTimestamp } from '../../shared/validation';

export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The number of entries wanted, or undefined for all of them. */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return checkInteger('Limit', this.getNodeParameter('limit', itemIndex, 50), 1);
}

/** The "Filters" collection of a list: Created After and Before, in the words of what it lists, then `more`. */
export function filtersField(
	created: { after: string; before: string },
	more: INodeProperties[] = [],
): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description: created.after,
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: created.before,
			},
			...more,
		],
	};
}

/** Created After and Before as epoch seconds, undefined when not set. */
export function readCreatedRange(filters: { createdAfter?: unknown; createdBefore?: unknown }): {
	after?: number;
	before?: number;
} {
	return {
		after: filters.createdAfter ? checkTimestamp('Created After', filters.createdAfter) : undefined,
		before: filters.createdBefore
			? checkTimestamp('Created Before', filters.createdBefore)
			: undefined,
	};
}

/** SageMaker's SortOrder (Descending by default), in the words of the list it orders. */
export function sortOrderOption(
	labels: { descending: string; ascending: string },
	description: string,
): INodeProperties {
	return {
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: labels.descending, value: 'Descending' },
			{ name: labels.ascending, value: 'Ascending' },
		],
		default: 'Descending',
		description,
	};
}
