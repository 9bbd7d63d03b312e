/**
 * Random identifiers in the alphabets AWS uses for them (callback tokens, execution ids, access key ids).
 * Not for secrets beyond the emulator: the randomness is fine, the keys they make are fake by design.
 */
import { randomBytes } from 'node:crypto';

export const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomString(alphabet: string, length: number): string {
	let out = '';
	for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
	return out;
}
