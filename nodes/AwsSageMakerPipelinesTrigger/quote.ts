/**
 * How a value taken from a queue message appears in error and log text: quoted, and cut short, since a
 * message body can hold 256 KB and error lists, logs and error workflows should not carry that.
 */
export const QUOTED_MAX_LENGTH = 100;

export function quoted(value: unknown): string {
	const text = String(value);
	return JSON.stringify(text.length > QUOTED_MAX_LENGTH ? `${text.slice(0, QUOTED_MAX_LENGTH)}…` : text);
}
