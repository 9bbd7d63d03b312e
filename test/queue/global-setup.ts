/**
 * Once per `npm run test:queue`: what the real-n8n leg's global setup does (Node 24 and n8n in the cache, the
 * repo packed once into N8N_E2E_TARBALL), plus Redis installed when the machine lacks it.
 */
import e2eGlobalSetup from '../e2e/global-setup';
import { ensureRedisServer } from './redis';

export default async function globalSetup(): Promise<void> {
	await ensureRedisServer();
	await e2eGlobalSetup();
}
