/**
 * Where the browser leg's pictures go.
 *
 * Duty: every state the test walks through is saved as `.artifacts/browser/NN-name.png` (gitignored, kept by
 * CI as an artifact); the few pictures the README shows are cropped, checked for size and saved under
 * `.artifacts/browser/readme/`, and, when UPDATE_SCREENSHOTS=1 (`npm run screenshots`), also written over
 * `docs/screenshots/`, which is committed.
 *
 * Limits: PNG only, as Chromium encodes it (no extra compression tool on a clean machine): the README crops
 * stay small by showing only the part that matters at device scale 1.
 */
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { REPO_ROOT } from '../e2e/runner';

export const ARTIFACTS_DIR = join(REPO_ROOT, '.artifacts', 'browser');
export const README_DIR = join(REPO_ROOT, 'docs', 'screenshots');
/** A README picture larger than this makes the repository and the npm page heavy. */
export const README_MAX_BYTES = 150 * 1024;

type Area = Locator | { x: number; y: number; width: number; height: number };

export class Screenshots {
	private count = 0;

	constructor(
		private readonly page: Page,
		private readonly update = process.env.UPDATE_SCREENSHOTS === '1',
	) {
		// Pictures of an earlier run would pass for this run's.
		rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
		mkdirSync(join(ARTIFACTS_DIR, 'readme'), { recursive: true });
	}

	/** The whole window (or one area) as the next numbered artifact; returns its path. */
	async state(name: string, area?: Area): Promise<string> {
		this.count += 1;
		const file = join(ARTIFACTS_DIR, `${String(this.count).padStart(2, '0')}-${name}.png`);
		await this.capture(file, area);
		return file;
	}

	/** A README picture: cropped to `area`, refused when too large; copied to docs/screenshots on update. */
	async readme(fileName: string, area: Area): Promise<{ path: string; bytes: number }> {
		const file = join(ARTIFACTS_DIR, 'readme', fileName);
		await this.capture(file, area);
		const bytes = statSync(file).size;
		if (bytes > README_MAX_BYTES) {
			throw new Error(
				`README screenshot ${fileName} is ${Math.round(bytes / 1024)} kB (limit ${README_MAX_BYTES / 1024} kB): crop it tighter`,
			);
		}
		if (this.update) {
			mkdirSync(README_DIR, { recursive: true });
			copyFileSync(file, join(README_DIR, fileName));
		}
		return { path: file, bytes };
	}

	private async capture(file: string, area?: Area): Promise<void> {
		// The blinking caret and hover states would make two runs differ for nothing.
		const options = { path: file, animations: 'disabled' as const, caret: 'hide' as const };
		if (area === undefined) await this.page.screenshot(options);
		else if ('screenshot' in area) await area.screenshot(options);
		else await this.page.screenshot({ ...options, clip: area });
	}
}
