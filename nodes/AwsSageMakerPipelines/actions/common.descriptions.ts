/** Fields operations of more than one resource share, and the readers that go with them. */
import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { checkInteger, checkTimestamp } from '../../shared/validation';

/** The option's default, written out below as a literal (n8n's verification accepts no other); a test holds the two equal. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;

export const maxConcurrentRequestsOption: INodeProperties = {
	displayName: 'Max Concurrent Requests',
	name: 'maxConcurrentRequests',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100 },
	default: 10,
	description:
		'How many items are sent to AWS at the same time. Output keeps the input order. Lower it if AWS throttles.',
};

/** The "Options" collection every operation ends with. */
export function optionsField(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/**
 * A resource locator of a SageMaker resource: picked from a list search, or given in one of the text
 * `modes` (written out by the caller: n8n's verification accepts a parameter-shaped object without a
 * default only as an entry of a `modes` list).
 */
export interface LocatorSpec {
	displayName: string;
	name: string;
	description: string;
	default: { mode: string; value: string };
	list: { placeholder: string; searchListMethod: string };
	modes: INodePropertyMode[];
}

export function locatorField({ default: initial, ...spec }: LocatorSpec): INodeProperties {
	return {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: initial,
		required: true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.list.placeholder,
				typeOptions: { searchListMethod: spec.list.searchListMethod, searchable: true },
			},
			...spec.modes,
		],
	};
}

/** A text mode's check in the editor: the same pattern the node checks before sending. */
export function matching(pattern: RegExp, errorMessage: string): INodePropertyMode['validation'] {
	return [{ type: 'regex', properties: { regex: pattern.source, errorMessage } }];
}

// ---- Lists ----------------------------------------------------------------------------------

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
export function filtersField(created: { after: string; before: string }, more: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Created After', name: 'createdAfter', type: 'dateTime', default: '', description: created.after },
			{ displayName: 'Created Before', name: 'createdBefore', type: 'dateTime', default: '', description: created.before },
			...more,
		],
	};
}

/** Created After and Before as epoch seconds, undefined when not set. */
export function readCreatedRange(filters: { createdAfter?: unknown; createdBefore?: unknown }): { after?: number; before?: number } {
	return {
		after: filters.createdAfter ? checkTimestamp('Created After', filters.createdAfter) : undefined,
		before: filters.createdBefore ? checkTimestamp('Created Before', filters.createdBefore) : undefined,
	};
}

/** SageMaker's SortOrder (Descending by default), in the words of the list it orders. */
export function sortOrderOption(labels: { descending: string; ascending: string }, description: string): INodeProperties {
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
