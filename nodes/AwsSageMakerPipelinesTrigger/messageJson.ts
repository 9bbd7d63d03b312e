/**
 * What both message readers (callbackMessage.ts, eventMessage.ts) do alike with a message from the queue:
 * read its body as a JSON object, quote a value from it into a problem text, and turn what they read into
 * the item's json with where the message came from.
 *
 * A quoted value is cut short: a message body can hold 256 KB, and error lists, logs and error workflows
 * should not carry that.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ReceivedMessage } from './sqs';

const QUOTED_MAX_LENGTH = 100;

/** A value from a message as problem texts show it: as a JSON string, at most QUOTED_MAX_LENGTH characters. */
export function quoted(value: unknown): string {
	const text = String(value);
	return JSON.stringify(
		text.length > QUOTED_MAX_LENGTH ? `${text.slice(0, QUOTED_MAX_LENGTH)}…` : text,
	);
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The body as a JSON object, or why it is not one. */
export function parseBody(body: string): { object: Record<string, unknown> } | { problem: string } {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return { problem: `the body is not JSON (${body.length} characters)` };
	}
	return isObject(parsed) ? { object: parsed } : { problem: 'the body is JSON but not an object' };
}

/** The item's json: the fields read, without those the message does not have (absent, not null, in n8n's output), and where it came from. */
export function itemJson(fields: IDataObject, received: ReceivedMessage): IDataObject {
	const json: IDataObject = {
		...fields,
		messageId: received.messageId,
		receiveCount: received.receiveCount,
		sentAt: received.sentAt,
	};
	for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
	return json;
}
