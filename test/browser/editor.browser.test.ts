/// <reference lib="dom" />
/**
 * The nodes as users meet them: the n8n 2.40.7 editor in Debian's Chromium (headless, playwright-core), our
 * packed package installed in a real n8n the way a user installs it, and the emulator playing AWS.
 *
 * One editor session walks the way a first-time user goes: create the owner account on a fresh instance,
 * find "SageMaker" in the nodes panel, add the trigger, create the credential in the editor (its Test runs
 * against the emulator), listen for a waiting callback message, add Send Step Success after it, fill the
 * form, run it, and see the step finished. Then every operation's fields, an AWS refusal as the editor shows
 * it, the canvas in light and dark themes. Each state is saved under .artifacts/browser/ (look at them); the
 * README pictures come from the same run (`npm run screenshots` writes them to docs/screenshots/).
 *
 * The tests in this file build on each other, in order, like the user's session.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { EMULATOR_CREDENTIALS, startEmulator, type Emulator } from '../../tools/emulator';
import {
	N8nApi,
	OWNER,
	PACKAGE_NODE_TYPES,
	packPackage,
	REPO_ROOT,
	startN8n,
	type N8nInstance,
} from '../e2e/runner';
import { launchChromium, type LaunchedBrowser } from './chromium';
import { Editor } from './editor';
import { Screenshots } from './screenshots';

const NODE = 'AWS SageMaker Pipelines';
const TRIGGER = 'AWS SageMaker Pipelines Trigger';
const TRIGGER_ACTION = 'On new AWS SageMaker Pipelines event';
const CALLBACK_DOCS =
	'https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-steps-types.html#step-type-callback';
const ACTIONS = {
	'Callback Step Actions': ['Send step success', 'Send step failure'],
	'Model Package Actions': [
		'Approve or reject a model package',
		'Describe a model package',
		'List model packages',
	],
	'Pipeline Execution Actions': [
		'Describe a pipeline execution',
		'Get pending callback steps',
		'List pipeline executions',
		'List the steps of a pipeline execution',
		'Retry a pipeline execution',
		'Start a pipeline execution',
		'Stop a pipeline execution',
	],
};
const NODE_TYPES = [PACKAGE_NODE_TYPES.node, PACKAGE_NODE_TYPES.trigger];
const ICON_LIGHT = /\/sagemaker\.svg$/;
const ICON_DARK = /\/sagemaker\.dark\.svg$/;

let emulator: Emulator;
let n8n: N8nInstance;
let browser: LaunchedBrowser;
let editor: Editor;
let shots: Screenshots;
let queueUrl: string;
let waitingStep: { token: string; pipelineExecutionArn: string };

beforeAll(async () => {
	emulator = await startEmulator();
	// A start on a loaded 2-core machine has taken over the runner's default 120 s.
	n8n = await startN8n({
		tarball: process.env.N8N_E2E_TARBALL ?? (await packPackage()),
		readyTimeoutMs: 300_000,
	});
	// Without our types every later step fails on a missing entry: say why once, with n8n's own words.
	const { nodes, credentials } = await n8n.api.knownTypes();
	const missing = [
		...NODE_TYPES.filter((type) => !nodes.includes(type)),
		...(credentials.includes('awsSageMakerApi') ? [] : ['awsSageMakerApi']),
	];
	if (missing.length > 0)
		throw new Error(
			`n8n did not load ${missing.join(', ')}; its log ends:\n${n8n.logs().split('\n').slice(-40).join('\n')}`,
		);
	// The runner creates the owner through the REST API; put the instance back to its first-start state (the
	// owner a shell without email or password, as a fresh database has it) so the editor asks for the account.
	const reset = await n8n.runCommand(['user-management:reset']);
	if (!/Successfully reset/.test(reset.output))
		throw new Error(`n8n user-management:reset failed:\n${reset.output}`);
	browser = await launchChromium();
	const page = browser.context.pages()[0] ?? (await browser.context.newPage());
	page.setDefaultTimeout(20_000);
	editor = new Editor(page, n8n.url);
	shots = new Screenshots(page);
}, 600_000);

// The state each test ends in, failed or not: what to look at first when one fails.
afterEach(async () => {
	await shots?.state(
		`end-of-${expect.getState().currentTestName?.split(/[:;]/)[0].replace(/\W+/g, '-').slice(0, 40) ?? 'test'}`,
	);
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await emulator?.close();
});

test('a fresh n8n asks for the owner account; signing up in the form opens n8n', async () => {
	await editor.page.goto(n8n.url);
	await editor.page.waitForURL(/\/setup/);
	await editor.page.getByText('Set up owner account').waitFor();
	await shots.state('owner-setup');

	await editor.signUpOwner(OWNER);

	expect(new URL(editor.page.url()).pathname).not.toMatch(/^\/(setup|signin)/);
	await shots.state('signed-up');
});

test('searching "SageMaker" in the nodes panel finds one entry holding the trigger and all twelve actions', async () => {
	await editor.newWorkflow();
	await editor.openNodesPanelOnEmptyCanvas();

	const found = await editor.searchNodes('SageMaker');
	expect(found).toEqual([
		{
			name: NODE,
			description: expect.stringMatching(
				/callback step message.*finish callback steps.*pipeline executions/,
			),
		},
	]);
	await shots.state('nodes-panel-search');

	await editor.pickInNodesPanel(NODE);
	await editor.page.getByText('Actions (12)').click();
	const lines = await editor.nodesPanelLines();
	expect(lines).toEqual(expect.arrayContaining(['Triggers (1)', TRIGGER_ACTION, 'Actions (12)']));
	for (const [group, actions] of Object.entries(ACTIONS)) {
		const start = lines.findIndex((line) => line.toLowerCase() === group.toLowerCase());
		expect(start).toBeGreaterThan(-1);
		expect(lines.slice(start + 1, start + 1 + actions.length)).toEqual(actions);
	}
	await shots.state('nodes-panel-node-details');
});

test('the trigger: its form, a credential created in the editor and tested against the emulator, a test listen showing the waiting message', async () => {
	queueUrl = emulator.sqs.createQueue('sagemaker-callbacks');
	waitingStep = emulator.sageMaker.createCallbackStep({
		pipelineName: 'churn-model',
		stepName: 'ApproveModel',
		arguments: { modelUrl: 's3://models/churn/model.tar.gz', accuracy: '0.93' },
		queueUrl,
	});

	await editor.pickInNodesPanel(TRIGGER_ACTION);
	await editor.ndv().waitFor();
	const triggerFields = ['Credential', 'Message Source', 'Queue URL', 'Options'];
	expect(await editor.fieldsOnceSettled(triggerFields)).toEqual(triggerFields);
	const [notice] = await editor.notices();
	// A first-time user learns here what to do with the message and where the token is.
	expect(notice).toMatch(/Send Step Success or Send Step Failure/);
	expect(notice).toContain('{{ $json.token }}');
	expect(notice).toContain('stepArguments');
	expect(await editor.collectionChoices('Options')).toEqual([
		'Delete Message',
		'Include Stopping Messages',
		'Max Concurrent Executions',
		'Max Execution Time (Seconds)',
		'Max Messages per Receive',
		'Pipeline Names',
		'Visibility Timeout (Seconds)',
	]);
	await shots.state('trigger-form');

	// The credential, made where a user makes it: from the node. Saving runs its test (STS GetCallerIdentity).
	await editor.page.getByText('Connect to AWS SageMaker').click();
	const modal = editor.testId('editCredential-modal');
	await modal.waitFor();
	await modal
		.getByTestId('parameter-input-accessKeyId')
		.locator('input')
		.fill(EMULATOR_CREDENTIALS.accessKeyId);
	await modal
		.getByTestId('parameter-input-secretAccessKey')
		.locator('input')
		.fill(EMULATOR_CREDENTIALS.secretAccessKey);
	await modal.getByTestId('parameter-input-customEndpoints').locator('.el-switch').click();
	for (const endpoint of ['sageMakerEndpoint', 'sqsEndpoint', 'stsEndpoint']) {
		await modal.getByTestId(`parameter-input-${endpoint}`).locator('input').fill(emulator.url);
	}
	await shots.state('credential-form');
	await modal.getByTestId('credential-save-button').click();
	await modal.waitFor({ state: 'hidden' });
	expect(
		emulator.requests
			.filter((request) => request.operation === 'GetCallerIdentity')
			.map((request) => request.status),
	).toEqual([200]);
	await expect(editor.selectedCredential()).resolves.toBe('AWS SageMaker account');

	// The queue picker lists the region's queues (SQS ListQueues) by name; the value kept is the queue's URL.
	emulator.sqs.createQueue('other-queue');
	await editor.pickFromList('queueUrl', 'sagemaker-callbacks');
	expect(
		emulator.requests.filter((request) => request.operation === 'ListQueues').length,
	).toBeGreaterThanOrEqual(1);
	await shots.state('trigger-queue-picked');
	await expect(editor.executeStep()).resolves.toBe('success');
	const [message] = await editor.outputJson();
	expect(message).toMatchObject({
		token: waitingStep.token,
		pipelineExecutionArn: waitingStep.pipelineExecutionArn,
		pipelineName: 'churn-model',
		stepArguments: { modelUrl: 's3://models/churn/model.tar.gz', accuracy: '0.93' },
		status: 'Executing',
	});
	// A test listen leaves the message in the queue: the real run must still get it.
	expect(emulator.sqs.stats(queueUrl).deleted).toBe(0);
	await editor.testId('output-panel').getByRole('radio', { name: 'Table' }).click();
	await shots.state('trigger-test-listen');

	await editor.closeNdv();
	// On the canvas the trigger names its queue; once it filters by pipeline, the pipelines.
	expect(await editor.canvasSubtitles()).toEqual([
		{ node: TRIGGER, subtitle: 'Queue sagemaker-callbacks', fits: true },
	]);
	await editor.openNode(TRIGGER);
	await editor.addCollectionEntry('Options', 'Pipeline Names');
	await editor.testId('parameter-input-pipelineNames').locator('input').fill('churn-model');
	await editor.closeNdv();
	expect(await editor.canvasSubtitles()).toEqual([
		{ node: TRIGGER, subtitle: 'Callbacks of churn-model', fits: true },
	]);
});

test('Send Step Success after the trigger: token from the message, JSON mode, output parameters added and removed; run from the editor it finishes the step', async () => {
	await editor.openNodesPanelAfter(TRIGGER);
	expect(await editor.searchNodes('SageMaker')).toEqual([
		{ name: NODE, description: expect.any(String) },
	]);
	await editor.pickInNodesPanel(NODE);
	await editor.pickInNodesPanel('Send step success');
	await editor.ndv().waitFor();

	const withFields = [
		'Credential',
		'Resource',
		'Operation',
		'Callback Token',
		'Specify Outputs',
		'Output Parameters',
		'Options',
	];
	expect(await editor.fieldsOnceSettled(withFields)).toEqual(withFields);
	// The credential made for the trigger is picked up; the token defaults to the trigger's output.
	await expect(editor.selectedCredential()).resolves.toBe('AWS SageMaker account');
	await expect(
		editor.testId('parameter-expression-preview-callbackToken').innerText(),
	).resolves.toBe(waitingStep.token);
	// A password field (n8n's verification wants one for any name holding "token") masks only a fixed value:
	// the default expression itself stays in view, editable.
	await expect(
		editor
			.testId('parameter-input-callbackToken')
			.getByTestId('inline-expression-editor-input')
			.innerText(),
	).resolves.toBe('{{ $json.token }}');

	// What a callback token is and where it comes from, with a link, even while the field holds an expression.
	const help = await editor.fieldHelp('Callback Token');
	expect(help.text).toMatch(/token SageMaker put in the callback step's SQS message/);
	expect(help.text).toMatch(/Trigger outputs it as "token"/);
	expect(help.links).toEqual([CALLBACK_DOCS]);

	await editor.choose('specifyOutputs', 'Using JSON');
	const withJson = [
		'Credential',
		'Resource',
		'Operation',
		'Callback Token',
		'Specify Outputs',
		'JSON Outputs',
		'Options',
	];
	expect(await editor.fieldsOnceSettled(withJson)).toEqual(withJson);
	await shots.state('send-success-json-mode');
	await editor.choose('specifyOutputs', 'Using Fields Below');
	expect(await editor.fieldsOnceSettled(withFields)).toEqual(withFields);

	const outputs = editor.testId('fixed-collection-outputParameters');
	const addOutput = editor.page.getByRole('button', { name: 'Add Output Parameter' });
	await addOutput.click();
	await outputs.getByTestId('parameter-input-name').locator('input').nth(0).fill('approved');
	await outputs.getByTestId('parameter-input-value').locator('input').nth(0).fill('true');
	await addOutput.click();
	await outputs.getByTestId('parameter-input-name').locator('input').nth(1).fill('modelUrl');
	// Typing {{ turns the field into an expression, as it does for a user.
	await outputs
		.getByTestId('parameter-input-value')
		.locator('input')
		.nth(1)
		.fill('{{ $json.stepArguments.modelUrl }}');
	// The expression's result popup opens below the field and covers the Add button: leave the field first, as a user does.
	await outputs.getByTestId('parameter-input-name').locator('input').nth(1).click();
	await addOutput.click();
	await expect(outputs.getByTestId('parameter-input-name').count()).resolves.toBe(3);
	await outputs.getByTestId('parameter-item').last().hover();
	await outputs.getByTestId('fixed-collection-delete').last().click({ force: true });
	await expect(outputs.getByTestId('parameter-input-name').count()).resolves.toBe(2);

	expect(await editor.collectionChoices('Options')).toEqual([
		'Client Request Token',
		'Max Concurrent Requests',
	]);
	await shots.state('send-success-form');

	await expect(editor.executeStep()).resolves.toBe('success');
	const [result] = await editor.outputJson();
	expect(result).toMatchObject({
		status: 'Succeeded',
		callbackToken: waitingStep.token,
		pipelineExecutionArn: waitingStep.pipelineExecutionArn,
		outputParameters: { approved: 'true', modelUrl: 's3://models/churn/model.tar.gz' },
	});
	expect(emulator.sageMaker.step(waitingStep.token)).toMatchObject({
		status: 'Succeeded',
		outputParameters: [
			{ Name: 'approved', Value: 'true' },
			{ Name: 'modelUrl', Value: 's3://models/churn/model.tar.gz' },
		],
	});
	await editor.dismissToasts();
	await editor.scrollParametersToTop();
	await shots.state('send-success-run');
	await shots.readme('send-step-success.png', editor.ndv());
	await editor.closeNdv();
});

test('the canvas: each subtitle fits and says what the node does; the icons show in light and dark themes', async () => {
	const page = editor.page;
	await editor.dismissToasts();
	expect(await editor.canvasSubtitles()).toEqual([
		{ node: TRIGGER, subtitle: 'Callbacks of churn-model', fits: true },
		{ node: 'Send step success', subtitle: 'Send Step Success', fits: true },
	]);

	for (const theme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme: theme });
		await page.waitForFunction((dark) => {
			const images = Array.from(
				document.querySelectorAll<HTMLImageElement>('[data-test-id="canvas-node"] img'),
			);
			return (
				images.length === 2 &&
				images.every(
					(image) =>
						image.complete &&
						image.getAttribute('src')?.endsWith(dark ? '.dark.svg' : '/sagemaker.svg'),
				)
			);
		}, theme === 'dark');
		const icons = await editor.canvasIcons();
		expect(icons).toHaveLength(2);
		for (const icon of icons) {
			expect(icon.src).toMatch(theme === 'dark' ? ICON_DARK : ICON_LIGHT);
			expect(icon.drawn).toBe(true);
		}
		await shots.state(`canvas-${theme}`);
		if (theme === 'light') await shots.readme('workflow-canvas.png', await editor.canvasNodesBox());
	}

	// The nodes panel in the dark theme: our entry and its actions with the dark icon.
	await editor.openNodesPanelAfter('Send step success');
	await editor.searchNodes('SageMaker');
	await editor.pickInNodesPanel(NODE);
	const panelIcons = await editor
		.testId('node-creator')
		.locator('img')
		.evaluateAll((images) =>
			images.map((image) => ({
				src: image.getAttribute('src') ?? '',
				drawn: (image as HTMLImageElement).naturalWidth > 0,
			})),
		);
	expect(panelIcons.length).toBeGreaterThanOrEqual(10);
	for (const icon of panelIcons)
		expect(icon).toEqual({ src: expect.stringMatching(ICON_DARK), drawn: true });
	await editor.dismissToasts();
	await shots.state('nodes-panel-dark');
	await shots.readme('nodes-panel-dark.png', editor.testId('node-creator'));
	await page.keyboard.press('Escape');
	await page.emulateMedia({ colorScheme: 'light' });
});

/** What the Parameters tab shows for each operation, and how it changes when a field that others depend on does. */
interface OperationForm {
	resource: string;
	operation: string;
	fields: string[];
	/** The "Add Option" list (and "Add Filter" for List). */
	options: string[];
	filters?: string[];
	/** A field to change, and the fields shown after the change. */
	variants?: Array<{
		change: { choose: [string, string] } | { toggle: [string, boolean] };
		fields: string[];
	}>;
}

const TOP = ['Credential', 'Resource', 'Operation'];
const FORMS: OperationForm[] = [
	{
		resource: 'Callback Step',
		operation: 'Send Step Success',
		fields: [...TOP, 'Callback Token', 'Specify Outputs', 'Output Parameters', 'Options'],
		options: ['Client Request Token', 'Max Concurrent Requests'],
		variants: [
			{
				change: { choose: ['specifyOutputs', 'Using JSON'] },
				fields: [...TOP, 'Callback Token', 'Specify Outputs', 'JSON Outputs', 'Options'],
			},
		],
	},
	{
		resource: 'Callback Step',
		operation: 'Send Step Failure',
		fields: [...TOP, 'Callback Token', 'Failure Reason', 'Options'],
		options: ['Client Request Token', 'Max Concurrent Requests'],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'Start',
		fields: [
			...TOP,
			'Pipeline',
			'Specify Parameters',
			'Pipeline Parameters',
			'Wait Until Finished',
			'Options',
		],
		options: [
			'Client Request Token',
			'Description',
			'Display Name',
			'Max Concurrent Requests',
			'Max Parallel Execution Steps',
			'Pipeline Version ID',
			'Selective Execution',
		],
		variants: [
			{
				change: { choose: ['specifyParameters', 'Using JSON'] },
				fields: [
					...TOP,
					'Pipeline',
					'Specify Parameters',
					'JSON Parameters',
					'Wait Until Finished',
					'Options',
				],
			},
			{
				change: { toggle: ['waitUntilFinished', true] },
				fields: [
					...TOP,
					'Pipeline',
					'Specify Parameters',
					'JSON Parameters',
					'Wait Until Finished',
					'Poll Interval (Seconds)',
					'Timeout (Seconds)',
					'Options',
				],
			},
		],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'Describe',
		fields: [...TOP, 'Pipeline Execution ARN', 'Options'],
		options: ['Include Parameters', 'Max Concurrent Requests'],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'Get Pending Callback Steps',
		fields: [...TOP, 'Look In', 'Pipeline Execution ARN', 'Options'],
		options: ['Include Stopping', 'Max Concurrent Requests'],
		variants: [
			{
				change: { choose: ['lookIn', 'All Running Executions of a Pipeline'] },
				fields: [...TOP, 'Look In', 'Pipeline', 'Options'],
			},
		],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'List',
		fields: [...TOP, 'Pipeline', 'Return All', 'Limit', 'Filters', 'Options'],
		options: ['Max Concurrent Requests', 'Sort Order'],
		filters: ['Created After', 'Created Before', 'Statuses'],
		variants: [
			{
				change: { toggle: ['returnAll', true] },
				fields: [...TOP, 'Pipeline', 'Return All', 'Filters', 'Options'],
			},
		],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'List Steps',
		fields: [...TOP, 'Pipeline Execution ARN', 'Return All', 'Limit', 'Options'],
		options: ['Max Concurrent Requests', 'Sort Order'],
		variants: [
			{
				change: { toggle: ['returnAll', true] },
				fields: [...TOP, 'Pipeline Execution ARN', 'Return All', 'Options'],
			},
		],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'Retry',
		fields: [...TOP, 'Pipeline Execution ARN', 'Wait Until Finished', 'Options'],
		options: ['Client Request Token', 'Max Concurrent Requests', 'Max Parallel Execution Steps'],
		variants: [
			{
				change: { toggle: ['waitUntilFinished', true] },
				fields: [
					...TOP,
					'Pipeline Execution ARN',
					'Wait Until Finished',
					'Poll Interval (Seconds)',
					'Timeout (Seconds)',
					'Options',
				],
			},
		],
	},
	{
		resource: 'Pipeline Execution',
		operation: 'Stop',
		fields: [...TOP, 'Pipeline Execution ARN', 'Options'],
		options: ['Client Request Token', 'Max Concurrent Requests'],
	},
	{
		resource: 'Model Package',
		operation: 'List',
		fields: [
			...TOP,
			'Model Package Group',
			'Approval Status',
			'Return All',
			'Limit',
			'Filters',
			'Options',
		],
		options: ['Max Concurrent Requests', 'Sort By', 'Sort Order'],
		filters: ['Created After', 'Created Before'],
		variants: [
			{
				change: { toggle: ['returnAll', true] },
				fields: [
					...TOP,
					'Model Package Group',
					'Approval Status',
					'Return All',
					'Filters',
					'Options',
				],
			},
		],
	},
	{
		resource: 'Model Package',
		operation: 'Describe',
		fields: [...TOP, 'Model Package', 'Options'],
		options: ['Max Concurrent Requests'],
	},
	{
		resource: 'Model Package',
		operation: 'Approve or Reject',
		fields: [
			...TOP,
			'Model Package',
			'Approval Status',
			'Approval Description',
			'Customer Metadata Properties',
			'Options',
		],
		options: ['Max Concurrent Requests'],
	},
];

test('every operation shows its own fields and hides the others; fields that depend on another appear and hide with it', async () => {
	await editor.openNodesPanelAfter('Send step success');
	await editor.searchNodes('SageMaker');
	await editor.pickInNodesPanel(NODE);
	await editor.pickInNodesPanel('Describe a pipeline execution');
	await editor.ndv().waitFor();

	for (const form of FORMS) {
		const name = `${form.resource}: ${form.operation}`;
		await editor.choose('resource', form.resource);
		await editor.choose('operation', form.operation);
		expect({ name, fields: await editor.fieldsOnceSettled(form.fields) }).toEqual({
			name,
			fields: form.fields,
		});
		if (form.options.length === 1) {
			// n8n draws a collection of one option as a button that adds it at once: add it (or find it added by
			// an earlier operation, since same-named fields keep their values) and see that nothing else is offered.
			const options = editor.field('Options');
			const add = options.getByTestId('collection-parameter-add');
			if ((await add.count()) > 0) await add.click();
			await options.getByText(form.options[0], { exact: true }).waitFor();
			expect({ name, more: await add.count() }).toEqual({ name, more: 0 });
		} else {
			expect({ name, options: await editor.collectionChoices('Options') }).toEqual({
				name,
				options: form.options,
			});
		}
		if (form.filters)
			expect({ name, filters: await editor.collectionChoices('Filters') }).toEqual({
				name,
				filters: form.filters,
			});
		await shots.state(`form-${form.operation.toLowerCase().replace(/ /g, '-')}`);
		// Same-named fields keep their values across operations (n8n's way): undo each change afterwards.
		const undo: Array<() => Promise<void>> = [];
		for (const variant of form.variants ?? []) {
			if ('choose' in variant.change) {
				const [parameter, option] = variant.change.choose;
				const before = await editor
					.testId(`parameter-input-${parameter}`)
					.locator('input')
					.inputValue();
				await editor.choose(parameter, option);
				undo.unshift(async () => await editor.choose(parameter, before));
			} else {
				const [parameter, on] = variant.change.toggle;
				await editor.toggle(parameter, on);
				undo.unshift(async () => await editor.toggle(parameter, !on));
			}
			expect({
				name,
				change: variant.change,
				fields: await editor.fieldsOnceSettled(variant.fields),
			}).toEqual({ name, change: variant.change, fields: variant.fields });
		}
		for (const step of undo) await step();
		expect({ name, fields: await editor.fieldsOnceSettled(form.fields) }).toEqual({
			name,
			fields: form.fields,
		});
	}
});

test('Start from the editor: the pipeline picked from the list SageMaker returns, a parameter given in the form', async () => {
	emulator.sageMaker.createPipeline({
		name: 'nightly-retrain',
		steps: [{ name: 'Train', type: 'Training', durationMs: 600_000 }],
	});
	await editor.choose('resource', 'Pipeline Execution');
	await editor.choose('operation', 'Start');
	await editor.pickFromList('pipeline', 'nightly-retrain');
	await editor.page.getByRole('button', { name: 'Add Parameter' }).click();
	const parameters = editor.testId('fixed-collection-pipelineParameters');
	await parameters.getByTestId('parameter-input-name').locator('input').fill('InputDataUrl');
	await parameters
		.getByTestId('parameter-input-value')
		.locator('input')
		.fill('s3://data/2026-11.csv');
	await shots.state('start-form');

	await expect(editor.executeStep()).resolves.toBe('success');
	const [started] = await editor.outputJson();
	expect(started).toMatchObject({
		pipelineExecutionArn: expect.stringMatching(
			/^arn:aws:sagemaker:us-east-1:123456789012:pipeline\/nightly-retrain\/execution\//,
		),
		pipelineParameters: { InputDataUrl: 's3://data/2026-11.csv' },
	});
	const execution = emulator.sageMaker.executions.get(started.pipelineExecutionArn as string);
	expect(execution?.parameters).toEqual([{ Name: 'InputDataUrl', Value: 's3://data/2026-11.csv' }]);
	expect(
		emulator.requests.filter((request) => request.operation === 'ListPipelines').length,
	).toBeGreaterThanOrEqual(1);
	await shots.state('start-run');
});

test('Approve or Reject from the editor: the package picked from those waiting for approval, approved with a description', async () => {
	const { registry } = emulator.sageMaker;
	registry.registerModelPackage('churn-models', {
		approvalStatus: 'Approved',
		description: 'last month',
	});
	const waiting = registry.registerModelPackage('churn-models', {
		description: 'xgboost, accuracy 0.93',
		customerMetadataProperties: { accuracy: '0.93' },
	});
	await editor.choose('resource', 'Model Package');
	await editor.choose('operation', 'Approve or Reject');
	// The field starts as {{ $json.modelPackageArn }} (what List and Describe output): pick from the list instead.
	await editor.makeFixed('modelPackageArn');
	await editor.chooseMode('modelPackageArn', 'From list');
	await editor.pickFromList('modelPackageArn', 'churn-models v2');
	await editor
		.testId('parameter-input-approvalDescription')
		.locator('textarea')
		.fill('Accuracy 0.93 is above 0.9');
	await editor.scrollParametersToTop();
	await shots.state('approve-model-package-form');

	await expect(editor.executeStep()).resolves.toBe('success');
	const [approved] = await editor.outputJson();
	expect(approved).toMatchObject({ modelPackageArn: waiting.arn, modelApprovalStatus: 'Approved' });
	expect(waiting).toMatchObject({
		approvalStatus: 'Approved',
		approvalDescription: 'Accuracy 0.93 is above 0.9',
		updates: 1,
	});
	await editor.dismissToasts();
	await editor.scrollParametersToTop();
	await shots.state('approve-model-package-run');
	await shots.readme('approve-model-package.png', editor.ndv());
});

test("Send Step Failure with a typed token: the hint links to the docs; a token already used shows AWS's refusal with its code and what to check", async () => {
	await editor.choose('resource', 'Callback Step');
	await editor.choose('operation', 'Send Step Failure');
	await editor.makeFixed('callbackToken');
	await editor.testId('parameter-input-callbackToken').locator('input').fill(waitingStep.token);
	await expect(
		editor.testId('parameter-input-callbackToken').locator('input').getAttribute('type'),
	).resolves.toBe('password');
	const reason = editor.testId('parameter-input-failureReason').locator('textarea');
	await reason.fill('Accuracy below 0.9');
	// Leaving the field closes the editor's drag-and-drop tip, which covers the hint below the token.
	await reason.blur();
	const hint = await editor.fieldHint('Callback Token');
	expect(hint).toEqual({ text: 'Where it comes from: callback steps', links: [CALLBACK_DOCS] });
	await shots.state('send-failure-form');

	await expect(editor.executeStep()).resolves.toBe('error');
	const { message, description } = await editor.outputError();
	// The step was finished above: AWS's code, what it means and what to check, in the user's words.
	expect(message).toMatch(
		/^SageMaker SendPipelineExecutionStepFailure failed: .*already used.*\[ResourceNotFound\]$/,
	);
	expect(description).toMatch(/already completed/);
	expect(description).toMatch(/check the credential's region/);
	expect(description).toMatch(
		/AWS error code: ResourceNotFound · HTTP status: 400 · Request ID: \S+/,
	);
	// n8n rewrites messages holding "ENOTFOUND" (ResourceNotFound does) into a connection error: not here.
	expect(`${message}\n${description}`).not.toMatch(/connection cannot be established/i);
	expect(emulator.sageMaker.step(waitingStep.token)?.status).toBe('Succeeded');
	await shots.state('send-failure-refused');
	await editor.closeNdv();
});

test('the recipes: each imports and shows on the canvas (README pictures); the events trigger shows its own fields', async () => {
	// Imported as the owner who signed up above, with the credential created in the editor.
	const api = await N8nApi.connect(n8n.url);
	const [credential] = await api.rest<Array<{ id: string; name: string }>>(
		'GET',
		'/rest/credentials',
	);
	for (const name of [
		'human-approval-of-callback-step',
		'stale-callback-reaper',
		'pipeline-failure-alert',
	]) {
		const workflow = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'),
		) as { name: string; nodes: Array<{ credentials?: unknown }>; connections: unknown };
		for (const node of workflow.nodes)
			if (node.credentials)
				node.credentials = { awsSageMakerApi: { id: credential.id, name: credential.name } };
		const created = await api.publicApi<{ id: string }>('POST', '/workflows', {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: { executionOrder: 'v1' },
		});
		await editor.page.goto(`${n8n.url}/workflow/${created.id}`);
		await editor
			.testId('canvas-node')
			.nth(workflow.nodes.length - 1)
			.waitFor();
		await editor.dismissToasts();
		await shots.state(`recipe-${name}`);
		await shots.readme(`recipe-${name}.png`, await editor.canvasNodesBox());
	}

	// The failure alert's trigger reads EventBridge events: the events and their filters replace Include Stopping
	// (its Pipeline Execution Statuses is set, so the Add Option list leaves it out).
	expect(await editor.canvasSubtitles()).toEqual(
		expect.arrayContaining([{ node: 'Pipeline Event', subtitle: 'Pipeline events', fits: true }]),
	);
	await editor.openNode('Pipeline Event');
	const fields = ['Credential', 'Message Source', 'Event Types', 'Queue URL', 'Options'];
	expect(await editor.fieldsOnceSettled(fields)).toEqual(fields);
	const [notice] = await editor.notices();
	expect(notice).toMatch(/EventBridge rule/);
	expect(await editor.collectionChoices('Options')).toEqual([
		'Delete Message',
		'Max Concurrent Executions',
		'Max Execution Time (Seconds)',
		'Max Messages per Receive',
		'Model Approval Statuses',
		'Pipeline Names',
		'Step Statuses',
		'Visibility Timeout (Seconds)',
	]);
	await shots.state('events-trigger-form');
	await editor.closeNdv();
});
