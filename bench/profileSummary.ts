/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`, or the inspector) and says who spent the CPU:
 * each sample is charged to the innermost frame that is not Node's own internals, then grouped
 * by owner — this package (nodes/, credentials/), the n8n expression engine, n8n's HTTP stack
 * (@n8n/backend-network, axios, follow-redirects), the rest of n8n, the AWS SDK, bench/test code,
 * other packages — plus garbage collection, and idle time kept apart.
 *
 *   npx ts-node --transpile-only bench/profileSummary.ts <file.cpuprofile> [top] [items] [fromUs-toUs[,fromUs-toUs…]]
 *
 * With windows (CLOCK_MONOTONIC µs, as V8 stamps samples; bench/n8nThroughput.ts writes them to
 * windows.json) only the samples inside them count: one workload inside a long-running n8n.
 *
 * Limits: sampling (≈1 ms default interval, 100 µs when set by the benchmarks) misses short
 * calls; the groups are by file path, so a callback is charged to whoever defined it.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	startTime: number;
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileSummary {
	/** ms of non-idle samples */
	busyMs: number;
	idleMs: number;
	/** owner → ms */
	byOwner: Array<[string, number]>;
	/** innermost non-internal function → ms */
	byFunction: Array<[string, number]>;
}

function ownerOf(url: string, functionName: string): string | undefined {
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(idle)') return 'idle';
	if (functionName === '(program)') return 'V8 (program)';
	// Node's own modules and native code are charged to their caller.
	if (!url || url.startsWith('node:')) return undefined;
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
	if (pkg) {
		if (pkg === 'n8n-workflow' && /expression|workflow-data-proxy|extensions\//.test(url))
			return 'n8n expressions';
		if (pkg === 'luxon') return 'n8n expressions';
		if (
			['@n8n/backend-network', 'axios', 'follow-redirects', 'proxy-from-env', 'form-data'].includes(
				pkg,
			)
		)
			return 'n8n HTTP (axios)';
		if (pkg.startsWith('n8n-') || pkg.startsWith('@n8n/')) return 'n8n engine';
		if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/'))
			return 'AWS SDK';
		if (pkg === 'typescript' || pkg === 'ts-node') return 'ts-node compile';
		return `other: ${pkg}`;
	}
	if (/\/(nodes|credentials|dist)\//.test(url)) return 'this package';
	if (/\/(bench|test)\//.test(url)) return 'bench / harness';
	return 'other';
}

/** Only the samples inside one of `windows` ([fromUs, toUs] on the profile's clock), when given. */
export function summarizeProfile(
	profile: CpuProfile,
	windows?: Array<[number, number]>,
): ProfileSummary {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);

	const charged = new Map<number, { owner: string; fn: string }>();
	const chargeOf = (id: number): { owner: string; fn: string } => {
		const known = charged.get(id);
		if (known) return known;
		let current: number | undefined = id;
		const leaf = byId.get(id)!.callFrame.functionName || '(anonymous)';
		// Native callbacks from libuv (connect, writev, close…) have the root as their only caller.
		let result = { owner: 'native I/O callbacks', fn: `${leaf} (native)` };
		while (current !== undefined) {
			const { url, functionName, lineNumber } = byId.get(current)!.callFrame;
			if (functionName === '(root)') break;
			const owner = ownerOf(url, functionName);
			if (owner) {
				const file = url
					.replace(/^.*node_modules\//, '')
					.replace(/^file:\/\/.*?\/(nodes|credentials|bench|test)\//, '$1/');
				result = { owner, fn: `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` };
				break;
			}
			current = parent.get(current);
		}
		charged.set(id, result);
		return result;
	};

	const owners = new Map<string, number>();
	const functions = new Map<string, number>();
	let at = profile.startTime;
	profile.samples.forEach((id, index) => {
		const us = profile.timeDeltas[index] ?? 0;
		at += us;
		if (windows && !windows.some(([from, to]) => at >= from && at <= to)) return;
		const { owner, fn } = chargeOf(id);
		owners.set(owner, (owners.get(owner) ?? 0) + us);
		if (owner !== 'idle') functions.set(fn, (functions.get(fn) ?? 0) + us);
	});
	const idleMs = (owners.get('idle') ?? 0) / 1000;
	owners.delete('idle');
	const sorted = (map: Map<string, number>) =>
		[...map].map(([k, us]): [string, number] => [k, us / 1000]).sort((a, b) => b[1] - a[1]);
	// Packages under 1 % each are one line, or module loading lists dozens of them.
	const busy = [...owners.values()].reduce((sum, us) => sum + us, 0);
	for (const [owner, us] of owners) {
		if (owner.startsWith('other: ') && us < busy / 100) {
			owners.delete(owner);
			owners.set(
				'other packages (< 1 % each)',
				(owners.get('other packages (< 1 % each)') ?? 0) + us,
			);
		}
	}
	const byOwner = sorted(owners);
	return {
		busyMs: byOwner.reduce((sum, [, ms]) => sum + ms, 0),
		idleMs,
		byOwner,
		byFunction: sorted(functions),
	};
}

export function formatProfileSummary(summary: ProfileSummary, top = 25, perItems?: number): string {
	const line = ([name, ms]: [string, number]) => {
		const share = ((100 * ms) / summary.busyMs).toFixed(1).padStart(5);
		const per = perItems ? `  ${((1000 * ms) / perItems).toFixed(1).padStart(7)} µs/item` : '';
		return `${ms.toFixed(0).padStart(8)} ms ${share} %${per}  ${name}`;
	};
	return [
		`busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`,
		'by owner:',
		...summary.byOwner.map(line),
		`top ${top} functions (self, internals charged to caller):`,
		...summary.byFunction.slice(0, top).map(line),
	].join('\n');
}

if (require.main === module) {
	const [file, top, items, windowList] = process.argv.slice(2);
	if (!file) {
		console.error(
			'usage: bench/profileSummary.ts <file.cpuprofile> [top] [items] [fromUs-toUs[,fromUs-toUs…]]',
		);
		process.exit(2);
	}
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const windows = windowList
		?.split(',')
		.map((range) => range.split('-').map(Number) as [number, number]);
	console.log(
		formatProfileSummary(
			summarizeProfile(profile, windows),
			top ? Number(top) : 25,
			items ? Number(items) : undefined,
		),
	);
}
