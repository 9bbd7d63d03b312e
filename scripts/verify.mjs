/**
 * `npm run verify`: n8n's verification scan, run here before n8n runs it. `npx @n8n/scan-community-package`
 * only scans a published package (it needs the npm provenance attestation to find the source), so this
 * script calls the same analyzer (`analyzePackage` from the pinned devDependency) on the two folders the
 * scan lints: the source (package.json and nodes/, credentials/) and the packed tarball (its .js and its
 * package.json). When the analyzer fails (an error, what n8n's scan fails on) it prints each finding as
 * `file:line:column severity rule message` and the script exits non-zero.
 *
 * Limits: it does not check provenance or the npm author (they exist only once published; see
 * docs/releasing.md), and it reads the analyzer's formatted report, which is all `analyzePackage` returns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is "test" (as jest sets it),
// which is not how n8n runs the scan; it reads NODE_ENV when loaded, hence the dynamic import.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
	'@n8n/scan-community-package/scanner/scanner.mjs'
);

const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../..');
// What the scanner lints in the tarball (scanner.mjs, analyzePackageByName).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

// The analyzer formats with eslint's "stylish": a file path line, then "  line:col  error  message  rule".
const FINDING = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/;

/** The analyzer's stylish report as one `file:line:col severity rule message` line per finding. */
function findingLines(details, root) {
	const lines = [];
	let file = '';
	for (const line of (details ?? '').split('\n')) {
		const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
		const finding = FINDING.exec(plain);
		if (finding) {
			const [, row, column, severity, message, rule] = finding;
			lines.push(`${relative(root, file) || file}:${row}:${column} ${severity} ${rule} ${message}`);
		} else if (plain.startsWith('/')) {
			file = plain.trim();
		}
	}
	return lines;
}

async function scan(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	const findings = findingLines(result.details, dir);
	if (result.passed) {
		console.log(`${label}: 0 errors`);
		return true;
	}
	console.log(`${label}: ${findings.length || 'unparsed'} finding(s) — ${result.message}`);
	// A report this script cannot parse (another formatter, an analyzer crash) is printed as it came.
	console.log(
		findings.length > 0 ? findings.join('\n') : (result.details ?? String(result.error ?? '')),
	);
	return false;
}

/** Packs the package as npm publishes it and unpacks it the way the scanner does. */
function unpackTarball(workDir) {
	// --ignore-scripts: the tarball of what is built now; prepublishOnly's repository check is not the scan.
	execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', workDir], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack wrote no tarball');
	const packageDir = join(workDir, 'package');
	execFileSync('tar', ['-xzf', join(workDir, tarball), '-C', workDir]);
	return packageDir;
}

async function main(args) {
	// `--source DIR`: only the source leg, on another folder (how the test shows a finding is reported).
	if (args[0] === '--source' && args[1])
		return scan(`source ${args[1]}`, resolve(args[1]), SOURCE_FILE_PATTERNS);
	const sourceOk = await scan(
		'source (package.json, nodes/, credentials/)',
		REPO_ROOT,
		SOURCE_FILE_PATTERNS,
	);
	const workDir = mkdtempSync(join(tmpdir(), 'n8n-sagemaker-verify-'));
	try {
		const tarballOk = await scan(
			'tarball (.js, package.json)',
			unpackTarball(workDir),
			TARBALL_FILE_PATTERNS,
		);
		return sourceOk && tarballOk;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).then(
		(ok) => {
			process.exitCode = ok ? 0 : 1;
		},
		(error) => {
			console.error(error);
			process.exitCode = 1;
		},
	);
}
