/**
 * `npm run verify` reports what n8n's scan would refuse: its source leg (scripts/verify.mjs --source) run on a
 * copy of this package's source with the two mistakes the scan found here before put back (a default that is
 * not a literal, a "…token" parameter that is not a password field). Each is reported at its line with its
 * rule, nothing else is, and the exit code fails the run. (The unchanged source is `npm run verify` itself.)
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO_ROOT = resolve(__dirname, '../..');
const WAIT_FIELDS = 'nodes/AwsSageMakerPipelines/actions/pipelineExecution/waitUntilFinished.ts';
const TOKEN_OPTION = 'nodes/AwsSageMakerPipelines/actions/clientRequestToken.ts';

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'verify-source-'));
	copyFileSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
	cpSync(join(REPO_ROOT, 'nodes'), join(dir, 'nodes'), { recursive: true });
	cpSync(join(REPO_ROOT, 'credentials'), join(dir, 'credentials'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where `text` (found once) is in a copied file: its index, and its 1-based line. */
function find(path: string, text: string): { content: string; at: number; line: number } {
	const content = readFileSync(join(dir, path), 'utf8');
	const at = content.indexOf(text);
	if (at < 0 || content.indexOf(text, at + 1) >= 0)
		throw new Error(`${path}: expected exactly one ${JSON.stringify(text)}`);
	return { content, at, line: content.slice(0, at).split('\n').length };
}

/** Replaces `from` (found once) in a copied file. */
function breakFile(path: string, from: string, to: string): void {
	const { content, at } = find(path, from);
	writeFileSync(join(dir, path), content.slice(0, at) + to + content.slice(at + from.length));
}

test('a non-literal default and a "…token" field without password: each reported at its line with its rule; exit 1', async () => {
	breakFile(WAIT_FIELDS, 'default: 30,', 'default: WAIT_LIMITS.pollIntervalSeconds.default,');
	breakFile(
		TOKEN_OPTION,
		"\t\ttypeOptions: { password: true },\n\t\tdefault: '',\n",
		"\t\tdefault: '',\n",
	);
	// Where the rules point: the parameter object (the line before its displayName), the sensitive field's type.
	const pollInterval = find(WAIT_FIELDS, "displayName: 'Poll Interval (Seconds)',").line - 1;
	const clientRequestTokenType = find(TOKEN_OPTION, "name: 'clientRequestToken',").line + 1;

	let result: { code: number; output: string };
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			[join(REPO_ROOT, 'scripts/verify.mjs'), '--source', dir],
			{ cwd: REPO_ROOT },
		);
		result = { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code: number; stdout: string; stderr: string };
		result = { code: failed.code, output: failed.stdout + failed.stderr };
	}

	expect(result.code).toBe(1);
	const findings = result.output.split('\n').filter((line) => /^\S+:\d+:\d+ /.test(line));
	expect(findings).toEqual([
		expect.stringMatching(
			new RegExp(
				`^${TOKEN_OPTION}:${clientRequestTokenType}:\\d+ error n8n-nodes-base/node-param-type-options-password-missing `,
			),
		),
		expect.stringMatching(
			new RegExp(
				`^${WAIT_FIELDS}:${pollInterval}:\\d+ error n8n-nodes-base/node-param-default-missing `,
			),
		),
	]);
	expect(result.output).toMatch(/: 2 finding\(s\)/);
}, 180_000);
