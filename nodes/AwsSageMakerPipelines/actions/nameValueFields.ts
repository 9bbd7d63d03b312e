/**
 * A list of name/value pairs given either as fields or as one JSON object: the output parameters
 * of Send Step Success and the pipeline parameters of Start. One description factory and one
 * reader, so both operations offer and read them the same way; each keeps its own field names.
 */
import type { INodeProperties } from 'n8n-workflow';

import { parseJsonObjectEntries } from '../../shared/validation';
import type { ItemParameters } from './itemParameters';

export interface NameValueFieldsSpec {
	/** parameter names: the mode selector, the fixedCollection */
	modeName: string;
	collectionName: string;
	/** what the user sees */
	modeLabel: string;
	modeDescription: string;
	collectionLabel: string;
	collectionDescription: string;
	addLabel: string;
	nameDescription: string;
	/**
	 * The JSON field, written out by the operation: its default is an example object, and n8n's
	 * verification accepts only a literal default in the object that declares a field.
	 */
	jsonField: INodeProperties;
}

export function nameValueFields(spec: NameValueFieldsSpec): INodeProperties[] {
	const whenMode = (mode: string) => ({ show: { [spec.modeName]: [mode] } });
	return [
		{
			displayName: spec.modeLabel,
			name: spec.modeName,
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'keypair' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'keypair',
			description: spec.modeDescription,
		},
		{
			displayName: spec.collectionLabel,
			name: spec.collectionName,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: spec.addLabel,
			default: {},
			description: spec.collectionDescription,
			displayOptions: whenMode('keypair'),
			options: [
				{
					displayName: 'Parameter',
					name: 'parameters',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							description: spec.nameDescription,
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							description: 'Up to 1024 characters once turned into text',
						},
					],
				},
			],
		},
		{ ...spec.jsonField, displayOptions: whenMode('json') },
	];
}

/** The pairs of one item, as given: not yet checked against the API's limits. */
export function readNameValuePairs(
	parameters: ItemParameters,
	spec: NameValueFieldsSpec,
	itemIndex: number,
): Array<{ name: unknown; value: unknown }> {
	if (parameters.get(spec.modeName, itemIndex, 'keypair') === 'json') {
		return parseJsonObjectEntries(
			parameters.get(spec.jsonField.name, itemIndex),
			spec.jsonField.displayName,
		);
	}
	return parameters.get(`${spec.collectionName}.parameters`, itemIndex, []) as Array<{
		name: unknown;
		value: unknown;
	}>;
}
