/** Removes the tarball global setup packed (a temp folder per run), unless the caller supplied its own. */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

import { log } from './runner/log';

export default async function globalTeardown(): Promise<void> {
	const tarball = process.env.N8N_E2E_TARBALL;
	if (!tarball || process.env.N8N_E2E_TARBALL_PACKED !== '1') return;
	rmSync(dirname(tarball), { recursive: true, force: true });
	log(`removed ${dirname(tarball)}`);
}
