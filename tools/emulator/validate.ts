/**
 * Checks a decoded request against a shape transcribed from botocore's service-2.json, the way AWS's
 * servers do before an operation runs.
 *
 * Two kinds of failure, as on the wire: a value of the wrong JSON type (a number where a string belongs) is a
 * serialization failure, reported at once; a constraint break (length, range, pattern, enum, a missing required
 * member) is collected and reported together as "N validation errors detected: Value 'x' at 'member' failed to
 * satisfy constraint: ...". Members are named the way AWS names them in those messages (first letter lowered,
 * lists as `outputParameters.1.member.value`). Sensitive values are never echoed.
 *
 * Deliberately stricter than AWS in one way: a member the shape does not know is a serialization failure
 * (AWS ignores it), because a misspelt member silently dropped is exactly the bug the emulator exists to catch.
 * Query-protocol inputs (STS) arrive as strings; `coerceQueryScalars` turns them into the declared types first.
 */
import { serializationError } from './errors';

export type Shape =
	| {
			type: 'string';
			min?: number;
			max?: number;
			pattern?: string;
			enum?: readonly string[];
			sensitive?: boolean;
	  }
	| { type: 'integer'; min?: number; max?: number }
	| { type: 'boolean' }
	| { type: 'timestamp' }
	| { type: 'list'; member: Shape; min?: number; max?: number }
	| { type: 'map'; key: Shape; value: Shape; min?: number; max?: number }
	| {
			type: 'structure';
			name: string;
			members: Record<string, Shape>;
			required?: readonly string[];
	  };

export type StructureShape = Extract<Shape, { type: 'structure' }>;

const anchored = new Map<string, RegExp>();
function patternOf(pattern: string): RegExp {
	let re = anchored.get(pattern);
	if (!re) {
		// botocore's patterns are unanchored; the services match the whole value.
		re = new RegExp(`^(?:${pattern})$`, 'u');
		anchored.set(pattern, re);
	}
	return re;
}

function memberName(name: string): string {
	return name.charAt(0).toLowerCase() + name.slice(1);
}

function describe(value: unknown, shape: Shape): string {
	if ('sensitive' in shape && shape.sensitive) return "Value '***'";
	if (Array.isArray(value)) return `Value with ${value.length} items`;
	if (value !== null && typeof value === 'object')
		return `Value with ${Object.keys(value).length} entries`;
	return `Value '${String(value)}'`;
}

function jsonType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

/** Returns the constraint messages; throws a SerializationException on a wrong JSON type or an unknown member. */
export function checkShape(shape: Shape, value: unknown, path = ''): string[] {
	const problems: string[] = [];
	walk(shape, value, path, problems);
	return problems;
}

function wrongType(path: string, expected: string, value: unknown): never {
	throw serializationError(
		`Expected ${expected} at '${path || 'request'}' but found ${jsonType(value)}.`,
	);
}

function walk(shape: Shape, value: unknown, path: string, problems: string[]): void {
	const fail = (constraint: string) =>
		problems.push(
			`${describe(value, shape)} at '${path}' failed to satisfy constraint: ${constraint}`,
		);
	switch (shape.type) {
		case 'string': {
			if (typeof value !== 'string') wrongType(path, 'a string', value);
			const length = [...value].length;
			if (shape.min !== undefined && length < shape.min)
				fail(`Member must have length greater than or equal to ${shape.min}`);
			if (shape.max !== undefined && length > shape.max)
				fail(`Member must have length less than or equal to ${shape.max}`);
			if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value)) {
				fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
			}
			if (shape.enum && !shape.enum.includes(value))
				fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
			return;
		}
		case 'integer': {
			if (typeof value !== 'number' || !Number.isInteger(value))
				wrongType(path, 'an integer', value);
			if (shape.min !== undefined && value < shape.min)
				fail(`Member must have value greater than or equal to ${shape.min}`);
			if (shape.max !== undefined && value > shape.max)
				fail(`Member must have value less than or equal to ${shape.max}`);
			return;
		}
		case 'boolean':
			if (typeof value !== 'boolean') wrongType(path, 'a boolean', value);
			return;
		case 'timestamp':
			// JSON protocols carry timestamps as epoch seconds.
			if (typeof value !== 'number' || !Number.isFinite(value))
				wrongType(path, 'a timestamp (epoch seconds)', value);
			return;
		case 'list': {
			if (!Array.isArray(value)) wrongType(path, 'a list', value);
			if (shape.min !== undefined && value.length < shape.min)
				fail(`Member must have length greater than or equal to ${shape.min}`);
			if (shape.max !== undefined && value.length > shape.max)
				fail(`Member must have length less than or equal to ${shape.max}`);
			value.forEach((item, index) => {
				if (item === null) wrongType(`${path}.${index + 1}.member`, 'a list member', item);
				walk(shape.member, item, `${path}.${index + 1}.member`, problems);
			});
			return;
		}
		case 'map': {
			if (value === null || typeof value !== 'object' || Array.isArray(value))
				wrongType(path, 'a map', value);
			const entries = Object.entries(value as Record<string, unknown>);
			if (shape.min !== undefined && entries.length < shape.min)
				fail(`Member must have length greater than or equal to ${shape.min}`);
			if (shape.max !== undefined && entries.length > shape.max)
				fail(`Member must have length less than or equal to ${shape.max}`);
			for (const [key, item] of entries) {
				walk(shape.key, key, `${path}.key`, problems);
				walk(shape.value, item, `${path}.${key}`, problems);
			}
			return;
		}
		case 'structure': {
			if (value === null || typeof value !== 'object' || Array.isArray(value))
				wrongType(path, `a ${shape.name} structure`, value);
			const record = value as Record<string, unknown>;
			for (const key of Object.keys(record)) {
				if (!(key in shape.members)) {
					throw serializationError(
						`Unknown member '${key}' in ${shape.name}${path ? ` at '${path}'` : ''}. Known members: ${Object.keys(shape.members).join(', ')}. ` +
							'(AWS would ignore it silently; the emulator rejects it so that a misspelt member cannot go unnoticed.)',
					);
				}
			}
			for (const [key, member] of Object.entries(shape.members)) {
				const memberPath = path ? `${path}.${memberName(key)}` : memberName(key);
				const item = record[key];
				if (item === undefined || item === null) {
					if (shape.required?.includes(key)) {
						problems.push(
							`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`,
						);
					}
					continue;
				}
				walk(member, item, memberPath, problems);
			}
			return;
		}
	}
}

/** AWS's wording for a failed validation; the caller picks the code (ValidationException, ValidationError). */
export function validationMessage(problems: string[]): string {
	const count = problems.length;
	return `${count} validation error${count === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}

/** Query-protocol parameters are all strings; give integers and booleans their declared type before checking. */
export function coerceQueryScalars(
	shape: StructureShape,
	params: Record<string, string>,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, raw] of Object.entries(params)) {
		const member = shape.members[key];
		if (member?.type === 'integer' && /^-?\d+$/.test(raw)) out[key] = Number(raw);
		else if (member?.type === 'boolean' && (raw === 'true' || raw === 'false'))
			out[key] = raw === 'true';
		else out[key] = raw;
	}
	return out;
}
