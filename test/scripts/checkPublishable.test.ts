/**
 * The publish gate (`prepublishOnly`: scripts/check-publishable.mjs) as a maintainer meets it: run on copies
 * of package.json that differ in one field, and through `npm publish --dry-run` in a scratch package. Lifecycle
 * scripts are switched on explicitly: this repository's .npmrc switches them off (see docs/releasing.md).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '../..');
const SCRIPT = join(REPO_ROOT, 'scripts/check-publishable.mjs');
const OWNER = 'sagemaker-example-org';
const HOME = `https://github.com/${OWNER}/n8n-nodes-sagemaker-pipelines`;

type Manifest = Record<string, unknown>;
const repoManifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** The repository's package.json before the first release: the placeholder as committed. */
const placeholder = (): Manifest => ({
	...repoManifest,
	homepage: 'https://github.com/REPLACE-WITH-GITHUB-OWNER/n8n-nodes-sagemaker-pipelines#readme',
	repository: {
		type: 'git',
		url: 'git+https://github.com/REPLACE-WITH-GITHUB-OWNER/n8n-nodes-sagemaker-pipelines.git',
	},
	bugs: {
		url: 'https://github.com/REPLACE-WITH-GITHUB-OWNER/n8n-nodes-sagemaker-pipelines/issues',
	},
	author: {
		name: 'n8n-nodes-sagemaker-pipelines maintainers',
		email: 'maintainers@n8n-nodes-sagemaker-pipelines.invalid',
		url: 'https://github.com/REPLACE-WITH-GITHUB-OWNER',
	},
});

/** The repository's package.json with the placeholder replaced the way docs/releasing.md says. */
const ready = (): Manifest => ({
	...repoManifest,
	homepage: `${HOME}#readme`,
	repository: { type: 'git', url: `git+${HOME}.git` },
	bugs: { url: `${HOME}/issues` },
	author: {
		name: 'Example Org',
		email: 'maintainers@example.org',
		url: `https://github.com/${OWNER}`,
	},
});

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'check-publishable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the check on this manifest: its exit code and what it printed. */
async function check(
	manifest: Manifest,
	env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; output: string }> {
	const path = join(dir, 'package.json');
	writeFileSync(path, JSON.stringify(manifest, null, 2));
	try {
		const { stdout, stderr } = await run(process.execPath, [SCRIPT, path], {
			env: { PATH: process.env.PATH, ...env },
		});
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		return { code: failed.code, output: failed.stdout + failed.stderr };
	}
}

test('the placeholder: refused, naming repository.url, its placeholder and what to set', async () => {
	const { code, output } = await check(placeholder());
	expect(code).toBe(1);
	expect(output).toMatch(/^Not publishing n8n-nodes-sagemaker-pipelines@/);
	expect(output).toMatch(
		/"repository\.url" still holds the placeholder owner "REPLACE-WITH-GITHUB-OWNER": set it to the real GitHub repository \(git\+https:\/\/github\.com\/<owner>\/n8n-nodes-sagemaker-pipelines\.git\)/,
	);
});

test('repository, bugs, homepage and author set to the real repository: accepted', async () => {
	await expect(check(ready())).resolves.toEqual({
		code: 0,
		output: expect.stringContaining('are set for a provenance publish'),
	});
});

test.each<[string, (manifest: Manifest) => void, RegExp]>([
	[
		'no repository',
		(m) => delete m.repository,
		/"repository" is missing: set \{ "type": "git", "url": "git\+https:\/\/github\.com\/<owner>\/n8n-nodes-sagemaker-pipelines\.git" \}/,
	],
	[
		'a repository elsewhere than GitHub',
		(m) =>
			(m.repository = {
				type: 'git',
				url: 'https://gitlab.com/org/n8n-nodes-sagemaker-pipelines.git',
			}),
		/"repository\.url" must be the package's GitHub repository/,
	],
	[
		'a repository URL over ssh',
		(m) => (m.repository = 'git@github.com:org/repo.git'),
		/"repository\.url" must be the package's GitHub repository/,
	],
	[
		'another placeholder owner',
		(m) => (m.repository = { type: 'git', url: 'git+https://github.com/your-username/repo.git' }),
		/still holds the placeholder owner "your-username"/,
	],
	[
		'bugs on another repository',
		(m) => (m.bugs = { url: 'https://github.com/other/repo/issues' }),
		new RegExp(`"bugs\\.url" must be ${HOME}/issues`),
	],
	[
		'homepage left on npm',
		(m) => (m.homepage = 'https://www.npmjs.com/package/n8n-nodes-sagemaker-pipelines'),
		new RegExp(`"homepage" must be the repository's page, ${HOME}#readme`),
	],
	[
		'an author without the owner',
		(m) => (m.author = 'Example Org'),
		new RegExp(`"author" must be an object with "name" and "url": "https://github.com/${OWNER}"`),
	],
	[
		'the placeholder author email',
		(m) =>
			(m.author = { name: 'x', url: `https://github.com/${OWNER}`, email: 'me@example.invalid' }),
		/"author\.email" must be a real address .*\(got "me@example\.invalid"\)/,
	],
	[
		'no author email',
		(m) => (m.author = { name: 'x', url: `https://github.com/${OWNER}` }),
		/"author\.email" must be a real address .*\(got undefined\)/,
	],
])('%s: refused, naming the field', async (_case, change, message) => {
	const manifest = ready();
	change(manifest);
	const { code, output } = await check(manifest);
	expect(code).toBe(1);
	expect(output).toMatch(message);
});

test('in GitHub Actions the repository must be the one the workflow runs in (npm signs provenance for that one)', async () => {
	const inActions = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'someone-else/fork' };
	const { code, output } = await check(ready(), inActions);
	expect(code).toBe(1);
	expect(output).toMatch(
		/names sagemaker-example-org\/n8n-nodes-sagemaker-pipelines, but this workflow runs in someone-else\/fork/,
	);
	await expect(
		check(ready(), { ...inActions, GITHUB_REPOSITORY: `${OWNER}/n8n-nodes-sagemaker-pipelines` }),
	).resolves.toMatchObject({ code: 0 });
});

test('npm publish --dry-run runs the gate: refused with the placeholder, through once it is replaced', async () => {
	mkdirSync(join(dir, 'scripts'));
	copyFileSync(SCRIPT, join(dir, 'scripts/check-publishable.mjs'));
	const publish = async (manifest: Manifest) => {
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ ...manifest, files: ['scripts'] }, null, 2),
		);
		try {
			await run('npm', ['publish', '--dry-run', '--offline', '--ignore-scripts=false'], {
				cwd: dir,
			});
			return { refused: false, output: '' };
		} catch (error) {
			const failed = error as { stdout: string; stderr: string };
			return { refused: true, output: failed.stdout + failed.stderr };
		}
	};

	const refused = await publish(placeholder());
	expect(refused.refused).toBe(true);
	expect(refused.output).toMatch(/"repository\.url" still holds the placeholder owner/);
	await expect(publish(ready())).resolves.toEqual({ refused: false, output: '' });
}, 60_000);
