/**
 * Debian's Chromium for the browser leg, driven by playwright-core (which brings no browser of its own).
 *
 * Duty: `ensureChromium()` installs the distribution's `chromium` package with apt-get when it is missing (as
 * root only: a CI machine is clean, a developer machine is asked to install it); `launchChromium()` starts it
 * headless with a fresh profile and every feature that phones home turned off.
 *
 * Limits: Linux with apt-get, /usr/bin/chromium. The flags matter on a machine without network: without them
 * Chromium keeps retrying refused connections (component updates, sync, QUIC probes) and floods its log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium, selectors, type BrowserContext } from 'playwright-core';

import { log } from '../e2e/runner';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export function ensureChromium(): void {
	if (existsSync(CHROMIUM)) return;
	if (process.getuid?.() !== 0) {
		throw new Error(
			`${CHROMIUM} is missing; install Debian's chromium package (sudo apt-get install -y chromium) and run again`,
		);
	}
	const startedAt = Date.now();
	log('chromium missing: apt-get install -y chromium (about a minute)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env });
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	log(`chromium installed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

export interface LaunchedBrowser {
	context: BrowserContext;
	/** Closes the browser and removes its profile. */
	close(): Promise<void>;
}

export async function launchChromium(
	viewport = { width: 1440, height: 900 },
): Promise<LaunchedBrowser> {
	ensureChromium();
	// n8n marks its elements with data-test-id, not Playwright's default data-testid.
	selectors.setTestIdAttribute('data-test-id');
	const profile = mkdtempSync(join(tmpdir(), 'n8n-browser-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		args: FLAGS,
		viewport,
		deviceScaleFactor: 1,
		colorScheme: 'light',
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
