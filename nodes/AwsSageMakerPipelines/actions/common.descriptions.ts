/** Fields operations of more than one resource share. */
import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

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
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
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
