/**
 * Tools for the security tests: a search for secret values in everything a run leaves behind (the run data as
 * n8n persists it, and every string reachable from the errors: message, description, context, cause chain),
 * a capture of n8n's log lines, and a second local origin that records whatever reaches it (the target of a
 * redirect). Secrets are fake values made up per test.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';

const MAX_VISITS = 200_000;

/** Which of `secrets` occur in any string reachable from `value` (own properties, enumerable or not, toJSON output). */
export function secretsIn(value: unknown, secrets: readonly string[]): string[] {
	const wanted = secrets.filter((secret) => secret.length > 0);
	const found = new Set<string>();
	const seen = new WeakSet<object>();
	let visits = 0;
	const visit = (current: unknown, depth: number): void => {
		if (++visits > MAX_VISITS) return;
		if (typeof current === 'string') {
			for (const secret of wanted) if (current.includes(secret)) found.add(secret);
			return;
		}
		if (current === null || typeof current !== 'object' || depth > 14 || seen.has(current)) return;
		seen.add(current);
		const toJSON = (current as { toJSON?: unknown }).toJSON;
		if (typeof toJSON === 'function') {
			try {
				visit(JSON.stringify(current), depth + 1);
			} catch {
				// circular structures without toJSON: the walk below still covers them
			}
		}
		for (const key of Object.getOwnPropertyNames(current)) {
			let child: unknown;
			try {
				child = (current as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			visit(child, depth + 1);
		}
	};
	visit(value, 0);
	return [...found];
}

/** n8n's log lines while `fn` runs (the trigger logs through n8n's Logger). */
export function captureLogs(): { lines: string[]; restore(): void } {
	const logger = Container.get(Logger);
	const lines: string[] = [];
	const spies = (['error', 'warn', 'info', 'debug'] as const).map((level) =>
		jest.spyOn(logger, level).mockImplementation((message: string, metadata?: unknown) => {
			lines.push(`${level}: ${message} ${metadata === undefined ? '' : JSON.stringify(metadata)}`);
		}),
	);
	return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

export interface Recorded {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

/** Another origin on 127.0.0.1 that answers 200 to anything and records what it got: a redirect's target. */
export async function startRecordingOrigin(): Promise<{
	url: string;
	received: Recorded[];
	close(): Promise<void>;
}> {
	const received: Recorded[] = [];
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			// What a foreign origin might answer: something that looks like success.
			response
				.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1' })
				.end(
					'{"PipelineExecutionArn":"arn:aws:sagemaker:us-east-1:123456789012:pipeline/evil/execution/x","Messages":[]}',
				);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A deterministic pseudo-random generator (mulberry32), so a fuzz run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
