/**
 * Once per `npm run test:browser`: Chromium (apt-get on a clean machine), then what the real-n8n leg needs
 * (Node 24 and n8n in the cache, the repo packed once; test files find the tarball in N8N_E2E_TARBALL).
 */
import e2eGlobalSetup from '../e2e/global-setup';
import { ensureChromium } from './chromium';

export default async function globalSetup(): Promise<void> {
	ensureChromium();
	await e2eGlobalSetup();
}
