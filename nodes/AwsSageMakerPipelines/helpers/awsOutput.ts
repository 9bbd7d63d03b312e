/**
 * AWS JSON answers as n8n item JSON: member names camel-cased (`PipelineExecutionArn` →
 * `pipelineExecutionArn`), timestamps (epoch seconds on SageMaker's JSON wire, in members named
 * `…Time`) as ISO 8601 text, and Name/Value lists as plain objects expressions can read
 * (`$json.pipelineParameters.threshold`). Pure functions; no knowledge of any one operation.
 */
import type { IDataObject } from 'n8n-workflow';

/** Brand names that a plain "lower the leading capitals" rule would mangle. */
const LEADING_WORDS: Array<[string, string]> = [['MLflow', 'mlflow']];

export function camelCaseKey(key: string): string {
	for (const [word, lower] of LEADING_WORDS)
		if (key.startsWith(word)) return lower + key.slice(word.length);
	const capitals = /^[A-Z]+/.exec(key)?.[0].length ?? 0;
	if (capitals <= 1) return key.charAt(0).toLowerCase() + key.slice(1);
	if (capitals === key.length) return key.toLowerCase();
	// An acronym followed by a word keeps the word's capital: "SQSQueueUrl" → "sqsQueueUrl".
	const acronym = /[a-z]/.test(key.charAt(capitals)) ? capitals - 1 : capitals;
	return key.slice(0, acronym).toLowerCase() + key.slice(acronym);
}

export function isoTime(epochSeconds: number): string {
	return new Date(Math.round(epochSeconds * 1000)).toISOString();
}

/** Deep copy of an AWS answer with camel-cased member names and ISO timestamps. */
export function toOutput(value: unknown, key = ''): unknown {
	if (Array.isArray(value)) return value.map((entry) => toOutput(entry));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([name, member]) => [camelCaseKey(name), toOutput(member, name)]),
		);
	}
	if (typeof value === 'number' && key.endsWith('Time')) return isoTime(value);
	return value;
}

export function toOutputObject(value: object): IDataObject {
	return toOutput(value) as IDataObject;
}

/** `[{ Name: 'a', Value: '1' }]` → `{ a: '1' }`; undefined stays undefined. */
export function nameValueObject(
	list: Array<{ Name: string; Value: string }> | undefined,
): IDataObject | undefined {
	return list ? Object.fromEntries(list.map(({ Name, Value }) => [Name, Value])) : undefined;
}
