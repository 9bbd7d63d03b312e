/**
 * Input checks run before any request, with the API limits as named constants (botocore's
 * sagemaker 2017-07-24 model). A failed check throws an InputError that names the field, the
 * rule and the size of what was given, never the value itself (it may be secret).
 * AWS validates server-side too; checking here means a bad item costs no request and says
 * which n8n field to fix.
 */

export const LIMITS = {
	callbackToken: { length: 10, pattern: /^[a-zA-Z0-9]+$/ },
	outputParameters: { maxItems: 50, maxNameLength: 256, maxValueLength: 1024 },
	failureReason: { maxLength: 256 },
	clientRequestToken: { minLength: 32, maxLength: 128 },
} as const;

/** A bad input, named for the n8n field (its display name) and the API member behind it. */
export class InputError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

function characters(n: number): string {
	return `${n} character${n === 1 ? '' : 's'}`;
}

export function checkCallbackToken(value: unknown, field = 'Callback Token'): string {
	if (value === undefined || value === null || value === '') {
		throw new InputError(
			field,
			`${field} is empty`,
			'Map the "token" field of the callback message, e.g. {{ $json.token }} after the AWS SageMaker Pipelines Trigger',
		);
	}
	if (typeof value !== 'string') {
		throw new InputError(field, `${field} must be text, got ${typeOf(value)}`);
	}
	const { length, pattern } = LIMITS.callbackToken;
	if (value.length !== length || !pattern.test(value)) {
		const what = value.length !== length ? characters(value.length) : 'characters other than letters and digits';
		throw new InputError(
			field,
			`${field} must be exactly ${length} letters or digits (got ${what})`,
			'SageMaker callback tokens look like "26vcYbeWsZ"; check that the whole message body is not mapped instead of its "token" field',
		);
	}
	return value;
}

export function checkLength(field: string, value: string, min: number, max: number): string {
	if (value.length < min || value.length > max) {
		const rule = min === 0 ? `at most ${characters(max)}` : `${min} to ${max} characters`;
		throw new InputError(field, `${field} must be ${rule} (got ${characters(value.length)})`);
	}
	return value;
}

export function checkFailureReason(value: unknown, field = 'Failure Reason'): string {
	const text = value === undefined || value === null ? '' : toWireString(field, value);
	return checkLength(field, text, 0, LIMITS.failureReason.maxLength);
}

export function checkClientRequestToken(value: string, field = 'Client Request Token'): string {
	const { minLength, maxLength } = LIMITS.clientRequestToken;
	return checkLength(field, value, minLength, maxLength);
}

function typeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Every value on the SageMaker wire is a string: numbers and booleans become their text,
 * objects and arrays their JSON. null/undefined is an error (a missing mapping, most often).
 */
export function toWireString(field: string, value: unknown): string {
	if (value === undefined || value === null) {
		throw new InputError(field, `${field} has no value (${value === null ? 'null' : 'undefined'})`, 'Check the expression that fills it: it found nothing in the input item');
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	return JSON.stringify(value);
}

export interface OutputParameter {
	Name: string;
	Value: string;
}

/** Checks and converts name/value pairs into SageMaker's OutputParameters. */
export function checkOutputParameters(
	pairs: Array<{ name: unknown; value: unknown }>,
	field = 'Output Parameters',
): OutputParameter[] {
	const { maxItems, maxNameLength, maxValueLength } = LIMITS.outputParameters;
	if (pairs.length > maxItems) {
		throw new InputError(field, `${field} can hold at most ${maxItems} parameters (got ${pairs.length})`);
	}
	const seen = new Set<string>();
	return pairs.map(({ name, value }, index) => {
		const position = `${field} #${index + 1}`;
		if (typeof name !== 'string' || name === '') {
			throw new InputError(field, `${position} has no name`);
		}
		const label = `${field} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
		checkLength(`${label} name`, name, 1, maxNameLength);
		if (seen.has(name)) {
			throw new InputError(field, `${label} appears twice; each output parameter name must be unique`);
		}
		seen.add(name);
		const text = toWireString(`${label} value`, value);
		checkLength(`${label} value`, text, 0, maxValueLength);
		return { Name: name, Value: text };
	});
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** `jsonOutputs` must be a JSON object of name → value; a string is parsed first. */
export function parseJsonOutputs(raw: unknown, field = 'JSON Outputs'): Array<{ name: string; value: unknown }> {
	let parsed = raw;
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (text === '') return [];
		const result = parseJson(text);
		if ('error' in result) throw new InputError(field, `${field} is not valid JSON (${result.error})`);
		parsed = result.value;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InputError(
			field,
			`${field} must be a JSON object of name → value, got ${typeOf(parsed)}`,
			'Example: { "accuracy": 0.93, "approved": true }',
		);
	}
	return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => ({ name, value }));
}
