/// <reference lib="dom" />
/**
 * The n8n 2.40 editor as a user meets it, in a few verbs: sign up, open a workflow, search the nodes panel,
 * open a node, read the fields it shows, pick options, fill fields, run a step, read its output.
 *
 * Duty: one place that knows n8n's markup (its `data-test-id`s, which its own Playwright suite uses too), so
 * the tests read as what a user does and sees. Field names are the labels on screen, not parameter names,
 * except where n8n offers nothing else to find an input by.
 *
 * Limits: n8n 2.40.7 as measured here; English UI; one NDV open at a time. It waits for what a user waits
 * for (an element to show, the output panel to change, the form to settle), never a fixed time on its own.
 */
import type { Locator, Page } from 'playwright-core';

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export class Editor {
	constructor(
		readonly page: Page,
		readonly url: string,
	) {}

	testId(id: string): Locator {
		return this.page.getByTestId(id);
	}

	/** The "Set up owner account" form a fresh n8n shows; resolves once n8n has moved on. */
	async signUpOwner(owner: Owner): Promise<void> {
		if (!new URL(this.page.url()).pathname.startsWith('/setup')) await this.page.goto(this.url);
		await this.page.waitForURL(/\/setup/);
		await this.page.getByLabel('Email').fill(owner.email);
		await this.page.getByLabel('First Name').fill(owner.firstName);
		await this.page.getByLabel('Last Name').fill(owner.lastName);
		await this.page.getByLabel('Password').fill(owner.password);
		await this.page.getByRole('button', { name: 'Next' }).click();
		await this.page.waitForURL((url) => !url.pathname.startsWith('/setup'));
	}

	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.url}/workflow/new`);
		await this.testId('canvas-plus-button').waitFor();
	}

	// --- nodes panel -----------------------------------------------------------------------------

	/** The nodes panel on an empty canvas ("What triggers this workflow?"). */
	async openNodesPanelOnEmptyCanvas(): Promise<void> {
		await this.testId('canvas-plus-button').click();
		await this.testId('node-creator-search-bar').waitFor();
	}

	/** The nodes panel from the + on a node's output ("What happens next?"). */
	async openNodesPanelAfter(nodeName: string): Promise<void> {
		await this.canvasNode(nodeName).getByTestId('canvas-handle-plus').click();
		await this.testId('node-creator-search-bar').waitFor();
	}

	/** Types into the panel's search bar; returns the entries found, each with its description. */
	async searchNodes(text: string): Promise<Array<{ name: string; description: string }>> {
		await this.testId('node-creator-search-bar').fill(text);
		// Entries are node items or, for a node with actions, a plain iterator item: both carry a name.
		const items = this.testId('node-creator')
			.getByTestId('item-iterator-item')
			.filter({ has: this.testId('node-creator-item-name') });
		// The list filters a moment after typing: wait for an entry that matches before reading them all.
		await items
			.filter({ hasText: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i') })
			.first()
			.waitFor();
		return await items.evaluateAll((elements) =>
			elements.map((element) => ({
				name:
					element.querySelector('[data-test-id="node-creator-item-name"]')?.textContent?.trim() ??
					'',
				description:
					element
						.querySelector('[data-test-id="node-creator-item-description"]')
						?.textContent?.trim() ?? '',
			})),
		);
	}

	/** Clicks an entry (node, action, trigger) in the nodes panel by the text it shows. */
	async pickInNodesPanel(text: string): Promise<void> {
		await this.testId('node-creator')
			.getByTestId('node-creator-item-name')
			.getByText(text, { exact: true })
			.click();
	}

	/** The panel's text, in reading order, one line per visible line. */
	async nodesPanelLines(): Promise<string[]> {
		const text = await this.testId('node-creator').innerText();
		return text
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
	}

	// --- canvas ----------------------------------------------------------------------------------

	canvasNode(name: string): Locator {
		return this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	async openNode(name: string): Promise<void> {
		await this.canvasNode(name).dblclick();
		await this.testId('ndv').waitFor();
	}

	/** What each node on the canvas shows under its name, and whether that fits without an ellipsis. */
	async canvasSubtitles(): Promise<Array<{ node: string; subtitle: string; fits: boolean }>> {
		return await this.testId('canvas-node').evaluateAll((nodes) =>
			nodes.map((node) => {
				const subtitle = node.querySelector<HTMLElement>('[class*="_subtitle_"]');
				return {
					node: node.getAttribute('data-node-name') ?? '',
					subtitle: subtitle?.textContent?.trim() ?? '',
					fits: subtitle ? subtitle.scrollWidth <= subtitle.clientWidth : true,
				};
			}),
		);
	}

	/** The icon each canvas node shows: its URL and whether the browser could draw it. */
	async canvasIcons(): Promise<Array<{ node: string; src: string; drawn: boolean }>> {
		return await this.testId('canvas-node').evaluateAll((nodes) =>
			nodes.map((node) => {
				const image = node.querySelector('img');
				return {
					node: node.getAttribute('data-node-name') ?? '',
					src: image?.getAttribute('src') ?? '',
					drawn: Boolean(image && image.complete && image.naturalWidth > 0),
				};
			}),
		);
	}

	/** The box around every node on the canvas, with a margin: for a screenshot of the workflow. */
	async canvasNodesBox(
		margin = 48,
	): Promise<{ x: number; y: number; width: number; height: number }> {
		const boxes = await this.testId('canvas-node').evaluateAll((nodes) =>
			nodes.map((node) => {
				// The node's own box leaves out its label and subtitle, which hang below it.
				const rects = [node, ...Array.from(node.querySelectorAll('*'))].map((element) =>
					element.getBoundingClientRect(),
				);
				const visible = rects.filter((rect) => rect.width > 0 && rect.height > 0);
				return {
					left: Math.min(...visible.map((rect) => rect.left)),
					top: Math.min(...visible.map((rect) => rect.top)),
					right: Math.max(...visible.map((rect) => rect.right)),
					bottom: Math.max(...visible.map((rect) => rect.bottom)),
				};
			}),
		);
		const left = Math.max(0, Math.min(...boxes.map((box) => box.left)) - margin);
		const top = Math.max(0, Math.min(...boxes.map((box) => box.top)) - margin);
		const right = Math.max(...boxes.map((box) => box.right)) + margin;
		const bottom = Math.max(...boxes.map((box) => box.bottom)) + margin;
		return {
			x: Math.round(left),
			y: Math.round(top),
			width: Math.round(right - left),
			height: Math.round(bottom - top),
		};
	}

	// --- node details view (NDV) -----------------------------------------------------------------

	ndv(): Locator {
		return this.testId('ndv');
	}

	async closeNdv(): Promise<void> {
		await this.testId('ndv-close-button').click();
		await this.ndv().waitFor({ state: 'hidden' });
	}

	/** Scrolls the Parameters tab back to its first field (for a picture of the whole form). */
	async scrollParametersToTop(): Promise<void> {
		await this.testId('node-parameters').evaluate((root) => {
			for (let element: Element | null = root; element; element = element.parentElement)
				element.scrollTop = 0;
		});
	}

	/** The labels of the fields the Parameters tab shows at the top level, in order (nested ones left out). */
	async visibleFields(): Promise<string[]> {
		return await this.testId('node-parameters').evaluate((root) =>
			Array.from(
				root.querySelectorAll<HTMLElement>(
					'[data-test-id="input-label"], [data-test-id="credentials-label"]',
				),
			)
				.filter((label) => label.checkVisibility())
				.filter((label) => {
					for (
						let parent = label.parentElement;
						parent && parent !== root;
						parent = parent.parentElement
					) {
						if (parent.matches('[data-test-id^="fixed-collection-"], [class*="collection"]'))
							return false;
					}
					return true;
				})
				.map((label) => (label.querySelector('.n8n-text') ?? label).textContent?.trim() ?? ''),
		);
	}

	/**
	 * The fields shown once the form has settled on `expected` (the editor re-renders a moment after a change),
	 * or what it shows when it does not within `timeoutMs`: compare the result with `expected`.
	 */
	async fieldsOnceSettled(expected: string[], timeoutMs = 5_000): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const fields = await this.visibleFields();
			if (fields.join('\n') === expected.join('\n') || Date.now() > deadline) return fields;
			await this.page.waitForTimeout(100);
		}
	}

	/** The name of the credential the node's Credential field has selected. */
	async selectedCredential(): Promise<string> {
		return await this.testId('node-credentials-select').locator('input').inputValue();
	}

	/** The notices (type "notice") the Parameters tab shows. */
	async notices(): Promise<string[]> {
		return await this.testId('node-parameters').getByRole('alert').allInnerTexts();
	}

	/** The field with this label (a top-level `parameter-item`). */
	field(label: string): Locator {
		return this.testId('node-parameters')
			.getByTestId('parameter-item')
			.filter({ has: this.page.locator('label').getByText(label, { exact: true }) })
			.first();
	}

	/** Picks an entry of a dropdown field (options type), by the parameter's name. */
	async choose(parameterName: string, option: string): Promise<void> {
		const input = this.testId(`parameter-input-${parameterName}`);
		await input.click();
		// An entry's accessible name also holds its description: match the entry by its title line.
		await this.page
			.getByRole('option')
			.filter({ has: this.page.getByText(option, { exact: true }) })
			.click();
		const chosen = await input.locator('input').inputValue();
		if (chosen !== option)
			throw new Error(`${parameterName}: picked "${option}", the field shows "${chosen}"`);
	}

	/** Turns a boolean field on or off, by the parameter's name. */
	async toggle(parameterName: string, on: boolean): Promise<void> {
		// The switch's state is on a visually hidden checkbox; the user clicks the drawn switch around it.
		const field = this.testId(`parameter-input-${parameterName}`);
		const state = field.getByRole('switch');
		if (((await state.getAttribute('aria-checked')) === 'true') !== on)
			await field.locator('.el-switch').click();
		const now = (await state.getAttribute('aria-checked')) === 'true';
		if (now !== on) throw new Error(`${parameterName}: the switch stayed ${now ? 'on' : 'off'}`);
	}

	/** What the "Add Option" (or "Add Filter"...) dropdown of a collection field offers; leaves it closed. */
	async collectionChoices(label: string): Promise<string[]> {
		const add = this.field(label).getByTestId('collection-parameter-add');
		await add.click();
		const options = this.page.getByRole('option');
		await options.first().waitFor();
		const names = (await options.allInnerTexts()).map((name) => name.trim());
		await this.page.keyboard.press('Escape');
		await options.first().waitFor({ state: 'hidden' });
		return names;
	}

	/** Adds an entry of a collection field ("Add Option" → name). */
	async addCollectionEntry(label: string, entry: string): Promise<void> {
		await this.field(label).getByTestId('collection-parameter-add').click();
		await this.page.getByRole('option', { name: entry, exact: true }).click();
	}

	/** Switches a resource locator to another mode ("From List", "By ARN", ...) with the selector beside its input. */
	async chooseMode(parameterName: string, mode: string): Promise<void> {
		await this.testId(`parameter-input-${parameterName}`).getByTestId('rlc-mode-selector').click();
		await this.page
			.getByRole('option')
			.filter({ has: this.page.getByText(mode, { exact: true }) })
			.click();
	}

	/** Picks an entry of a resource locator's "From list" mode (the list comes from the node's search method). */
	async pickFromList(parameterName: string, entry: string): Promise<void> {
		await this.testId(`parameter-input-${parameterName}`).getByTestId('rlc-input').click();
		await this.testId('rlc-item').getByText(entry, { exact: true }).click();
	}

	/** Turns a field holding an expression into a fixed value (the Fixed / Expression switch above it). */
	async makeFixed(parameterName: string): Promise<void> {
		const options = this.testId(`${parameterName}-parameter-input-options-container`);
		await this.testId(`parameter-input-${parameterName}`).hover();
		await options.getByTestId('radio-button-fixed').click();
		await this.testId(`parameter-input-${parameterName}`)
			.locator('input, textarea')
			.first()
			.waitFor();
	}

	/** The hint with a link under a field (shown for fixed values): its text and its links. */
	async fieldHint(label: string): Promise<{ text: string; links: string[] }> {
		// A fixed value's hint has no test id: it is the line of text under the input that holds a link.
		const hint = this.field(label)
			.locator('.n8n-text')
			.filter({ has: this.page.locator('a') })
			.last();
		await hint.waitFor();
		return {
			text: (await hint.innerText()).trim(),
			links: await hint
				.locator('a')
				.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? '')),
		};
	}

	/** The tooltip behind a field label's (?) icon: its text and its links. */
	async fieldHelp(label: string): Promise<{ text: string; links: string[] }> {
		const field = this.field(label);
		await field.getByTestId('input-label').first().hover();
		await field.locator('[data-icon="circle-help"]').first().hover();
		const tooltip = this.testId('tooltip-content').filter({ visible: true }).last();
		await tooltip.waitFor();
		const help = {
			text: (await tooltip.innerText()).trim(),
			links: await tooltip
				.locator('a')
				.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? '')),
		};
		await this.page.mouse.move(0, 0);
		return help;
	}

	/**
	 * Clicks "Execute step" and waits until the output panel shows this run's result; returns how the run
	 * ended as the panel marks it. Limit: a run whose output reads exactly as the last one is not told apart.
	 */
	async executeStep(timeoutMs = 60_000): Promise<'success' | 'error'> {
		const panel = this.testId('output-panel');
		const before = await panel.innerText();
		await this.dismissToasts();
		await this.testId('node-execute-button').click();
		// n8n's toast for the run is not a reliable signal (it is sometimes not shown); the panel always changes.
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const now = await panel.innerText();
			const status = await panel
				.locator('[data-test-id^="node-run-status-"]')
				.first()
				.getAttribute('data-test-id')
				.catch(() => null);
			// Match n8n's own progress lines only: the data may well say "Executing" (a step's status).
			if (now !== before && status && !/^(Executing node|Listening for|Waiting for)/im.test(now)) {
				return status === 'node-run-status-danger' ? 'error' : 'success';
			}
			if (Date.now() > deadline)
				throw new Error(
					`the step did not finish within ${timeoutMs} ms; the output panel shows:\n${now}`,
				);
			await this.page.waitForTimeout(100);
		}
	}

	/** Closes n8n's toasts, so that the next one seen is the next one shown. */
	async dismissToasts(): Promise<void> {
		const toasts = this.page.locator('.el-notification');
		for (let tries = 0; tries < 10 && (await toasts.count()) > 0; tries += 1) {
			// A toast still sliding in is never "stable", and one closing by itself detaches under the click:
			// force the click, and let the count decide whether another try is needed.
			await toasts
				.first()
				.locator('.el-notification__closeBtn')
				.click({ force: true, timeout: 2_000 })
				.catch(() => undefined);
			await toasts
				.first()
				.waitFor({ state: 'detached', timeout: 5_000 })
				.catch(() => undefined);
		}
	}

	/** The output panel's items as JSON (its JSON view), after a run. */
	async outputJson(): Promise<Array<Record<string, unknown>>> {
		const panel = this.testId('output-panel');
		await panel.getByRole('radio', { name: 'JSON' }).click();
		const view = panel.locator('.json-data').first();
		// The view renders its lines a few at a time: read until what it shows is whole JSON.
		const deadline = Date.now() + 5_000;
		for (;;) {
			// textContent, not innerText: long strings wrap on screen. The view indents with non-breaking spaces.
			const text = ((await view.textContent()) ?? '').replace(/\u00a0/g, ' ');
			try {
				return JSON.parse(text) as Array<Record<string, unknown>>;
			} catch (error) {
				if (Date.now() > deadline)
					throw new Error(
						`the output panel's JSON view shows no whole JSON: ${(error as Error).message}\n${text}`,
					);
			}
			await this.page.waitForTimeout(100);
		}
	}

	/** The error the output panel shows after a failed run: its message and the description under it. */
	async outputError(): Promise<{ message: string; description: string }> {
		const panel = this.testId('output-panel');
		return {
			message: (await panel.getByTestId('node-error-message').innerText()).trim(),
			description: (await panel.getByTestId('node-error-description').innerText()).trim(),
		};
	}
}
