/**
 * `prepublishOnly`: refuses to publish until package.json names the package's public GitHub repository and
 * an author n8n can match to it. n8n verifies only packages published from GitHub Actions with npm provenance;
 * npm refuses a provenance publish whose `repository` does not name the repository the workflow runs in, and
 * n8n's scan fetches the source from that repository. Until the repository exists, package.json holds a
 * placeholder, and `npm publish` (also `--dry-run`) stops here with what to set.
 *
 * Checks the form only (offline): an https github.com owner/name that is not the placeholder; `bugs`,
 * `homepage` and `author.url` on the same repository and owner. In GitHub Actions it also requires the repository the workflow runs in.
 *
 * Usage: node scripts/check-publishable.mjs [path/to/package.json]   (default: the package being published)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The owner package.json carries until the repository exists (docs/releasing.md). */
export const PLACEHOLDER_OWNER = 'REPLACE-WITH-GITHUB-OWNER';

// GitHub's own rules: owners are 1–39 letters, digits or single hyphens; repository names letters, digits, . _ -
const GITHUB_REPOSITORY_URL =
	/^(?:git\+)?https:\/\/github\.com\/([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?\/?$/;
const LOOKS_LIKE_PLACEHOLDER = /placeholder|replace|^your-|^owner$|^example$|^user(name)?$/i;

/** The GitHub owner and name `repository` points at, or null. */
function githubRepository(repository) {
	const url = typeof repository === 'string' ? repository : repository?.url;
	const match = typeof url === 'string' ? GITHUB_REPOSITORY_URL.exec(url.trim()) : null;
	return match ? { owner: match[1], name: match[2] } : null;
}

/** What stops this package.json from being published, each naming the field and what to set; empty: publishable. */
export function publishProblems(manifest, env = {}) {
	const problems = [];
	const example = 'https://github.com/<owner>/n8n-nodes-sagemaker-pipelines';
	const repository = githubRepository(manifest.repository);
	if (manifest.repository === undefined) {
		problems.push(
			`"repository" is missing: set { "type": "git", "url": "git+${example}.git" }, the public GitHub repository the package is published from`,
		);
		return problems;
	}
	if (!repository) {
		problems.push(
			`"repository.url" must be the package's GitHub repository as git+${example}.git (got ${JSON.stringify(manifest.repository?.url ?? manifest.repository)})`,
		);
		return problems;
	}
	if (repository.owner === PLACEHOLDER_OWNER || LOOKS_LIKE_PLACEHOLDER.test(repository.owner)) {
		problems.push(
			`"repository.url" still holds the placeholder owner "${repository.owner}": set it to the real GitHub repository (git+${example}.git) — see docs/releasing.md`,
		);
		return problems;
	}
	const home = `https://github.com/${repository.owner}/${repository.name}`;
	const bugs = typeof manifest.bugs === 'string' ? manifest.bugs : manifest.bugs?.url;
	if (
		typeof bugs !== 'string' ||
		bugs.replace(/\/$/, '').toLowerCase() !== `${home}/issues`.toLowerCase()
	) {
		problems.push(`"bugs.url" must be ${home}/issues (got ${JSON.stringify(bugs)})`);
	}
	if (
		typeof manifest.homepage !== 'string' ||
		!manifest.homepage.toLowerCase().startsWith(home.toLowerCase())
	) {
		problems.push(
			`"homepage" must be the repository's page, ${home}#readme (got ${JSON.stringify(manifest.homepage)})`,
		);
	}
	const author =
		typeof manifest.author === 'object' && manifest.author !== null ? manifest.author : {};
	const authorOwner = /^https:\/\/github\.com\/([^/]+)\/?$/.exec(author.url ?? '')?.[1];
	if (!author.name || authorOwner?.toLowerCase() !== repository.owner.toLowerCase()) {
		problems.push(
			`"author" must be an object with "name" and "url": "https://github.com/${repository.owner}" (the repository's owner, so n8n can match the npm author to the repository); got ${JSON.stringify(manifest.author)}`,
		);
	}
	// n8n's lint (valid-author) requires an email; `.invalid` is the placeholder's reserved domain.
	if (
		typeof author.email !== 'string' ||
		!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(author.email) ||
		/\.invalid$/i.test(author.email)
	) {
		problems.push(
			`"author.email" must be a real address n8n can reach the maintainer at (got ${JSON.stringify(author.email)})`,
		);
	}
	// In GitHub Actions npm signs provenance for the repository the workflow runs in; it must be this one.
	if (
		env.GITHUB_ACTIONS === 'true' &&
		env.GITHUB_REPOSITORY &&
		env.GITHUB_REPOSITORY.toLowerCase() !== `${repository.owner}/${repository.name}`.toLowerCase()
	) {
		problems.push(
			`"repository.url" names ${repository.owner}/${repository.name}, but this workflow runs in ${env.GITHUB_REPOSITORY}: npm's provenance would not match`,
		);
	}
	return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const path = resolve(process.argv[2] ?? process.env.npm_package_json ?? 'package.json');
	const manifest = JSON.parse(readFileSync(path, 'utf8'));
	const problems = publishProblems(manifest, process.env);
	if (problems.length > 0) {
		console.error(
			`Not publishing ${manifest.name}@${manifest.version}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
		);
		process.exitCode = 1;
	} else {
		console.log(
			`${manifest.name}@${manifest.version}: repository, bugs and author are set for a provenance publish`,
		);
	}
}
