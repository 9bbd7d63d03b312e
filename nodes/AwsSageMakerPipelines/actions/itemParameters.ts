/**
 * Reads the node's parameters item by item with as little of n8n's per-call work as the values allow.
 * In a real n8n every getNodeParameter call walks the value, resolves expressions (n8n 2.x evaluates
 * each one in its expression isolate) and validates the result against the node's description; for
 * a thousand items that is most of the node's own CPU (bench/n8nThroughput.ts). So, per execution:
 * - a parameter that holds no expression anywhere is the same for every item: it is read once (for
 *   item 0) and that value is handed to every item;
 * - a parameter that is exactly `={{ $json.<name> }}` (the Callback Token's default) is the item's own
 *   `<name>` field when that field is a string, number or boolean: what n8n's evaluation returns for it;
 * - anything else goes to getNodeParameter for each item, as before.
 * Limits: values handed out more than once are shared: callers must not change them. A fixed value whose
 * first read fails is read again per item, so each item still gets its own error.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

export interface ItemParameters {
	get(name: string, itemIndex: number, fallback?: unknown): unknown;
}

const ITEM_FIELD = /^=\{\{\s*\$json\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

type Plan =
	| { kind: 'fixed'; value: unknown }
	| { kind: 'itemField'; field: string }
	| { kind: 'perItem' };

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

export function itemParameters(context: IExecuteFunctions): ItemParameters {
	const stored = context.getNode().parameters;
	const items = context.getInputData();
	const plans = new Map<string, Plan>();

	const planFor = (name: string, fallback: unknown): Plan => {
		// The stored (unresolved) value at a dotted path such as "outputParameters.parameters"; names are ours.
		const value = name
			.split('.')
			.reduce<unknown>((parent, key) => (parent as IDataObject | undefined)?.[key], stored);
		if (!holdsExpression(value)) {
			try {
				return { kind: 'fixed', value: context.getNodeParameter(name, 0, fallback) };
			} catch {
				return { kind: 'perItem' };
			}
		}
		const field = typeof value === 'string' ? ITEM_FIELD.exec(value)?.[1] : undefined;
		return field ? { kind: 'itemField', field } : { kind: 'perItem' };
	};

	return {
		get(name, itemIndex, fallback) {
			let plan = plans.get(name);
			if (plan === undefined) {
				plan = planFor(name, fallback);
				plans.set(name, plan);
			}
			if (plan.kind === 'fixed') return plan.value;
			if (plan.kind === 'itemField') {
				const json = items[itemIndex]?.json;
				if (json && Object.prototype.hasOwnProperty.call(json, plan.field)) {
					const value = json[plan.field];
					if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
						return value;
				}
			}
			return context.getNodeParameter(name, itemIndex, fallback);
		},
	};
}
