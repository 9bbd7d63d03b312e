/**
 * Once per `npm run test:e2e`: makes sure Node 24 and n8n are in the cache (a fresh machine installs them here,
 * minutes, logged to stderr) and packs the repo once; test files find the tarball in N8N_E2E_TARBALL (set it
 * yourself to test a tarball you already have).
 */
import { ensureN8n, log, packPackage } from './runner';

export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	await ensureN8n();
	log(`n8n runtime ready (cache check) in ${Date.now() - startedAt} ms`);
	if (!process.env.N8N_E2E_TARBALL) {
		process.env.N8N_E2E_TARBALL = await packPackage();
		process.env.N8N_E2E_TARBALL_PACKED = '1';
	}
}
