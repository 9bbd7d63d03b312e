/**
 * Input checks run before any request, with the API limits as named constants (botocore's
 * sagemaker 2017-07-24 model). A failed check throws an InputError that names the field, the
 * rule and the size of what was given, never the value itself (it may be secret).
 * AWS validates server-side too; checking here means a bad item costs no request and says
 * which n8n field to fix.
 */
import type { INodeProperties } from 'n8n-workflow';

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

export function checkCallbackToken(value: unknown): string {
	const field = 'Callback Token';
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
		const what =
			value.length !== length
				? characters(value.length)
				: 'characters other than letters and digits';
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

export function checkFailureReason(value: unknown): string {
	const field = 'Failure Reason';
	const text = value === undefined || value === null ? '' : toWireString(field, value);
	return checkLength(field, text, 0, LIMITS.failureReason.maxLength);
}

export function checkClientRequestToken(value: unknown): string {
	const field = 'Client Request Token';
	const { minLength, maxLength } = LIMITS.clientRequestToken;
	return checkLength(field, toWireString(field, value), minLength, maxLength);
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
		throw new InputError(
			field,
			`${field} has no value (${value === null ? 'null' : 'undefined'})`,
			'Check the expression that fills it: it found nothing in the input item',
		);
	}
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
		return String(value);
	return JSON.stringify(value);
}

export interface OutputParameter {
	Name: string;
	Value: string;
}

/** Limits of a list of SageMaker Name/Value pairs (output parameters, pipeline parameters). */
export interface NameValueLimits {
	maxItems: number;
	maxNameLength: number;
	maxValueLength: number;
	/** characters a name may hold, when the API restricts them */
	namePattern?: RegExp;
	nameRule?: string;
	/** what one entry is called in messages ("output parameter") */
	noun: string;
}

/**
 * Checks name/value pairs against a Name/Value list's limits and converts them to the wire
 * form: names unique and non-empty, every value a string.
 */
export function checkNameValueList(
	pairs: Array<{ name: unknown; value: unknown }>,
	field: string,
	limits: NameValueLimits,
): OutputParameter[] {
	const { maxItems, maxNameLength, maxValueLength, namePattern, nameRule, noun } = limits;
	if (pairs.length > maxItems) {
		throw new InputError(
			field,
			`${field} can hold at most ${maxItems} parameters (got ${pairs.length})`,
		);
	}
	const seen = new Set<string>();
	return pairs.map(({ name, value }, index) => {
		const position = `${field} #${index + 1}`;
		if (typeof name !== 'string' || name === '') {
			throw new InputError(field, `${position} has no name`);
		}
		const label = `${field} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`;
		checkLength(`${label} name`, name, 1, maxNameLength);
		if (namePattern && !namePattern.test(name)) {
			throw new InputError(
				field,
				`${label} name may contain only ${nameRule ?? `characters matching ${namePattern.source}`}`,
			);
		}
		if (seen.has(name)) {
			throw new InputError(field, `${label} appears twice; each ${noun} name must be unique`);
		}
		seen.add(name);
		const unsafe = unsafeIntegerIn(value);
		if (unsafe !== undefined) throw inexactNumber(field, name, String(unsafe));
		const text = toWireString(`${label} value`, value);
		checkLength(`${label} value`, text, 0, maxValueLength);
		return { Name: name, Value: text };
	});
}

/** Checks and converts name/value pairs into SageMaker's OutputParameters. */
export function checkOutputParameters(
	pairs: Array<{ name: unknown; value: unknown }>,
): OutputParameter[] {
	return checkNameValueList(pairs, 'Output Parameters', {
		...LIMITS.outputParameters,
		noun: 'output parameter',
	});
}

function parseJson(text: string): { value: unknown } | { error: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** The end of the JSON string starting at `start` (its opening quote), just past the closing quote. */
function stringEnd(text: string, start: number): number {
	let at = start + 1;
	while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
	return at + 1;
}

/** The end of the JSON value starting at `start` (text already known to be valid JSON). */
function valueEnd(text: string, start: number): number {
	const first = text[start];
	if (first === '"') return stringEnd(text, start);
	if (first !== '{' && first !== '[') {
		let at = start;
		while (at < text.length && !',}] \t\r\n'.includes(text[at])) at++;
		return at;
	}
	let depth = 0;
	for (let at = start; at < text.length; ) {
		const char = text[at];
		if (char === '"') {
			at = stringEnd(text, at);
			continue;
		}
		if (char === '{' || char === '[') depth++;
		else if (char === '}' || char === ']') depth--;
		at++;
		if (depth === 0) return at;
	}
	return text.length;
}

const WHITESPACE = ' \t\r\n';

/** The source text of each member of a JSON object text (valid JSON): name → its value as written. */
function memberSources(text: string): Map<string, string> {
	const sources = new Map<string, string>();
	const skip = (at: number) => {
		while (at < text.length && WHITESPACE.includes(text[at])) at++;
		return at;
	};
	let at = skip(0) + 1;
	for (;;) {
		at = skip(at);
		if (text[at] !== '"') return sources;
		const keyEnd = stringEnd(text, at);
		const name = JSON.parse(text.slice(at, keyEnd)) as string;
		at = skip(skip(keyEnd) + 1);
		const end = valueEnd(text, at);
		sources.set(name, text.slice(at, end));
		at = skip(end);
		if (text[at] !== ',') return sources;
		at++;
	}
}

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** sign, significant digits and exponent of a decimal literal, to compare values and not spellings */
function decimalKey(literal: string): string {
	const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
	if (!match) return literal;
	const fraction = match[3] ?? '';
	let digits = (match[2] + fraction).replace(/^0+/, '');
	let exponent = Number(match[4] ?? 0) - fraction.length;
	while (digits.endsWith('0')) {
		digits = digits.slice(0, -1);
		exponent++;
	}
	return digits === '' ? '0' : `${match[1]}${digits}e${exponent}`;
}

/** Whether a JSON number literal survives as a JavaScript number, value for value. */
function exactNumber(literal: string): boolean {
	const value = Number(literal);
	return Number.isFinite(value) && decimalKey(literal) === decimalKey(String(value));
}

/** The first number literal in a JSON text (outside strings) that a JavaScript number would change. */
function inexactNumberIn(source: string): string | undefined {
	const outsideStrings = source.replace(/"(?:[^"\\]|\\.)*"/g, '""');
	return outsideStrings.match(NUMBER_TOKEN)?.find((literal) => !exactNumber(literal));
}

/** A number from an expression beyond 2^53 may already have been rounded on its way here. */
function unsafeIntegerIn(value: unknown, depth = 0): number | undefined {
	if (typeof value === 'number')
		return Number.isInteger(value) && !Number.isSafeInteger(value) ? value : undefined;
	if (value === null || typeof value !== 'object' || depth > 32) return undefined;
	for (const entry of Object.values(value as Record<string, unknown>)) {
		const found = unsafeIntegerIn(entry, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

function inexactNumber(field: string, name: string, what: string): InputError {
	return new InputError(
		field,
		`${field} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}" holds the number ${what.slice(0, 40)}, which cannot be passed on exactly as a number`,
		'Write it as text in quotes, e.g. "12345678901234567890": SageMaker takes every value as text anyway.',
	);
}

/**
 * A JSON object of name → value (JSON Outputs, JSON Parameters); a string is parsed first. A number is
 * passed on as written (`1.50` stays "1.50", `12345678901234567890` is not rounded); a number that cannot
 * be kept exactly (inside an object or array, or beyond 2^53 from an expression) is refused, naming the entry.
 */
export function parseJsonObjectEntries(
	raw: unknown,
	field: string,
): Array<{ name: string; value: unknown }> {
	let parsed = raw;
	let sources: Map<string, string> | undefined;
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (text === '') return [];
		const result = parseJson(text);
		if ('error' in result)
			throw new InputError(field, `${field} is not valid JSON (${result.error})`);
		parsed = result.value;
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
			sources = memberSources(text);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new InputError(
			field,
			`${field} must be a JSON object of name → value, got ${typeOf(parsed)}`,
			'Example: { "accuracy": 0.93, "approved": true }',
		);
	}
	return Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
		const source = sources?.get(name);
		if (source !== undefined) {
			if (typeof value === 'number')
				return { name, value: exactNumber(source) && String(value) === source ? value : source };
			const inexact =
				typeof value === 'object' && value !== null ? inexactNumberIn(source) : undefined;
			if (inexact !== undefined) throw inexactNumber(field, name, inexact);
			return { name, value };
		}
		const unsafe = unsafeIntegerIn(value);
		if (unsafe !== undefined) throw inexactNumber(field, name, String(unsafe));
		return { name, value };
	});
}

/**
 * Limits of the pipeline and pipeline-execution operations (botocore sagemaker 2017-07-24:
 * PipelineName, PipelineNameOrArn, PipelineExecutionArn, PipelineExecutionName,
 * PipelineExecutionDescription, ParameterList, ParallelismConfiguration, MaxResults).
 * botocore's patterns are unanchored; SageMaker matches the whole value, so these are anchored.
 */
export const PIPELINE_LIMITS = {
	pipelineName: { maxLength: 256, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/ },
	pipelineArn: {
		maxLength: 2048,
		pattern:
			/^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:([0-9]{12}|aws):pipeline\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/,
	},
	pipelineExecutionArn: {
		maxLength: 2048,
		pattern: /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:pipeline\/\S+\/execution\/\S+$/,
	},
	pipelineExecutionDisplayName: { maxLength: 82, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}$/ },
	pipelineExecutionDescription: { maxLength: 3072 },
	pipelineParameters: {
		maxItems: 200,
		maxNameLength: 256,
		maxValueLength: 1024,
		namePattern: /^[A-Za-z0-9_-]+$/,
	},
	maxParallelExecutionSteps: { min: 1 },
	/** MaxResults of every List* call: a page holds 1–100 entries */
	maxResults: { min: 1, max: 100 },
} as const;

const NAME_RULE =
	'letters, digits and single or repeated hyphens, starting and ending with a letter or digit';

/** Names and ARNs never hold whitespace; a trailing newline from an expression is trimmed, not sent. */
export function requiredText(field: string, value: unknown, hint: string): string {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw new InputError(field, `${field} is empty`, hint);
	}
	if (typeof value !== 'string')
		throw new InputError(field, `${field} must be text, got ${typeOf(value)}`, hint);
	return value.trim();
}

/** A pipeline name ("churn-model") or pipeline ARN, as StartPipelineExecution and ListPipelineExecutions take it. */
export function checkPipelineNameOrArn(value: unknown): string {
	const field = 'Pipeline';
	const { pipelineName, pipelineArn } = PIPELINE_LIMITS;
	const hint =
		'Pick the pipeline from the list, or give its name (e.g. churn-model) or its ARN (arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model)';
	const text = requiredText(field, value, hint);
	if (text.startsWith('arn:')) {
		checkLength(`${field} ARN`, text, 1, pipelineArn.maxLength);
		if (!pipelineArn.pattern.test(text)) {
			throw new InputError(field, `${field} ARN is not a SageMaker pipeline ARN`, hint);
		}
		return text;
	}
	checkLength(`${field} name`, text, 1, pipelineName.maxLength);
	if (!pipelineName.pattern.test(text)) {
		throw new InputError(field, `${field} name may contain only ${NAME_RULE}`, hint);
	}
	return text;
}

export function checkPipelineExecutionArn(
	value: unknown,
	field = 'Pipeline Execution ARN',
): string {
	const { maxLength, pattern } = PIPELINE_LIMITS.pipelineExecutionArn;
	const hint =
		'Map the "pipelineExecutionArn" of an earlier step, e.g. {{ $json.pipelineExecutionArn }}; it looks like arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-model/execution/0a1b2c3d4e5f';
	const text = requiredText(field, value, hint);
	checkLength(field, text, 1, maxLength);
	if (!pattern.test(text))
		throw new InputError(field, `${field} is not a SageMaker pipeline execution ARN`, hint);
	return text;
}

/** Optional: empty means "let SageMaker name it". */
export function checkPipelineExecutionDisplayName(value: unknown): string | undefined {
	const field = 'Display Name';
	if (value === undefined || value === null || value === '') return undefined;
	const text = toWireString(field, value);
	const { maxLength, pattern } = PIPELINE_LIMITS.pipelineExecutionDisplayName;
	checkLength(field, text, 1, maxLength);
	if (!pattern.test(text)) throw new InputError(field, `${field} may contain only ${NAME_RULE}`);
	return text;
}

/** Optional free text: empty sends nothing; otherwise text of at most `maxLength` characters. */
export function checkOptionalText(
	field: string,
	value: unknown,
	maxLength: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return checkLength(field, toWireString(field, value), 0, maxLength);
}

export function checkPipelineExecutionDescription(value: unknown): string | undefined {
	return checkOptionalText(
		'Description',
		value,
		PIPELINE_LIMITS.pipelineExecutionDescription.maxLength,
	);
}

/** Checks and converts name/value pairs into StartPipelineExecution's PipelineParameters. */
export function checkPipelineParameters(
	pairs: Array<{ name: unknown; value: unknown }>,
): OutputParameter[] {
	return checkNameValueList(pairs, 'Pipeline Parameters', {
		...PIPELINE_LIMITS.pipelineParameters,
		nameRule: 'letters, digits, "-" and "_"',
		noun: 'pipeline parameter',
	});
}

/**
 * Names given as text separated by commas, or as a list (an expression may hand over an array): trimmed,
 * empty entries dropped. `rule` completes the error "<field> must be …".
 */
export function checkNameList(field: string, value: unknown, rule: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const list = Array.isArray(value)
		? value
		: typeof value === 'string'
			? value.split(',')
			: undefined;
	if (!list || list.some((entry) => typeof entry !== 'string')) {
		throw new InputError(field, `${field} must be ${rule}`);
	}
	return (list as string[]).map((name) => name.trim()).filter((name) => name !== '');
}

/** A whole number in [min, max]; expressions may hand over numeric text. */
export function checkInteger(
	field: string,
	value: unknown,
	min: number,
	max = Number.MAX_SAFE_INTEGER,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		const rule =
			max === Number.MAX_SAFE_INTEGER
				? `a whole number of at least ${min}`
				: `a whole number from ${min} to ${max}`;
		throw new InputError(
			field,
			`${field} must be ${rule} (got ${typeof value === 'number' ? value : typeOf(value)})`,
		);
	}
	return number;
}

export function checkMaxParallelExecutionSteps(value: unknown): number {
	return checkInteger(
		'Max Parallel Execution Steps',
		value,
		PIPELINE_LIMITS.maxParallelExecutionSteps.min,
	);
}

/**
 * A point in time for CreatedAfter/CreatedBefore: an ISO 8601 text, a Date or a Luxon DateTime
 * (what n8n's date fields and expressions give). Returned as epoch seconds, the JSON wire form.
 */
export function checkTimestamp(field: string, value: unknown): number {
	let millis: number = Number.NaN;
	if (typeof value === 'string') millis = Date.parse(value);
	else if (value instanceof Date) millis = value.getTime();
	else if (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as { toMillis?: unknown }).toMillis === 'function'
	) {
		millis = (value as { toMillis(): number }).toMillis();
	}
	if (!Number.isFinite(millis)) {
		throw new InputError(
			field,
			`${field} is not a date (got ${typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeOf(value)})`,
			'Use an ISO 8601 date such as 2026-01-31T18:00:00Z, or {{ $now.minus({ days: 1 }) }}',
		);
	}
	return millis / 1000;
}

function declaredValues(declaration: INodeProperties): unknown[] {
	return (declaration.options ?? []).map((option) => (option as { value?: unknown }).value);
}

/**
 * One value against its field's declaration (type, range, allowed values), for values that reach the node
 * through expressions the editor's checks never saw. Types an operation checks itself (dates, JSON, lists
 * of fields) pass here.
 */
export function checkDeclaredValue(declaration: INodeProperties, value: unknown): void {
	const field = declaration.displayName;
	if (value === undefined || value === null) {
		if (
			declaration.type === 'number' ||
			declaration.type === 'boolean' ||
			declaration.type === 'options'
		) {
			throw new InputError(
				field,
				`${field} has no value (${value === null ? 'null' : 'undefined'})`,
				'Check the expression that fills it: it found nothing in the input item',
			);
		}
		return;
	}
	switch (declaration.type) {
		case 'number': {
			const min =
				typeof declaration.typeOptions?.minValue === 'number'
					? declaration.typeOptions.minValue
					: Number.MIN_SAFE_INTEGER;
			const max =
				typeof declaration.typeOptions?.maxValue === 'number'
					? declaration.typeOptions.maxValue
					: Number.MAX_SAFE_INTEGER;
			checkInteger(field, value, min, max);
			return;
		}
		case 'boolean':
			if (typeof value !== 'boolean')
				throw new InputError(field, `${field} must be true or false (got ${typeOf(value)})`);
			return;
		case 'string':
			if (typeof value === 'object')
				throw new InputError(field, `${field} must be text (got ${typeOf(value)})`);
			return;
		case 'options': {
			const allowed = declaredValues(declaration);
			if (!allowed.includes(value)) {
				throw new InputError(
					field,
					`${field} must be one of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')} (got ${typeof value === 'string' ? 'another text' : typeOf(value)})`,
				);
			}
			return;
		}
		case 'multiOptions': {
			const allowed = declaredValues(declaration);
			if (!Array.isArray(value) || value.some((entry) => !allowed.includes(entry))) {
				throw new InputError(
					field,
					`${field} must be a list of ${allowed.map((entry) => JSON.stringify(entry)).join(', ')}`,
				);
			}
			return;
		}
		default:
			return;
	}
}

/** The values of a collection (Options, Filters) against the options it declares. */
export function checkCollection(declaration: INodeProperties, value: unknown): void {
	if (value === undefined || value === null) return;
	const field = declaration.displayName;
	if (typeof value !== 'object' || Array.isArray(value))
		throw new InputError(field, `${field} must be a collection of options (got ${typeOf(value)})`);
	const declared = (declaration.options ?? []) as INodeProperties[];
	for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
		const option = declared.find((candidate) => candidate.name === name);
		if (option) checkDeclaredValue(option, entry);
	}
}
