/**
 * Which n8n a matrix entry means, and the runtime for it: an exact version ("2.40.7") is taken as is; a
 * line ("1", "2", "1.123") means its newest stable release in the npm registry, and if that release cannot be
 * installed because the registry lacks one of its dependencies (n8n has published such releases) the next
 * older one, saying why.
 *
 * Limits: asks the registry (`npm view`) for a line on every call; an exact version needs no network once
 * cached. At most `MAX_TRIES` releases are tried, newest first. A failed install costs as long as npm takes
 * to fail (its dependency resolution: about 3 minutes on a busy 2-core machine), so a failure is remembered
 * beside the cache folders for `REMEMBER_FAILURE_MS` and not retried before then (delete
 * `n8n-<version>.failed.json` to retry at once).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cacheRoot, ensureN8n } from './cache';
import { log } from './log';
import { npmEnv, runToCompletion, type N8nRuntime } from './processes';

const MAX_TRIES = 3;
// A release whose dependencies are missing from the registry stays broken; n8n fixes it with a new release.
const REMEMBER_FAILURE_MS = 24 * 3_600_000;
/** npm's words for "a dependency of this release is not in the registry". */
const UNINSTALLABLE = /\b(ETARGET|E404)\b/;

export interface SkippedVersion {
	version: string;
	/** Why its install failed: the first lines of the error. */
	reason: string;
}

export interface ResolvedN8n {
	/** What was asked for, e.g. "2". */
	spec: string;
	runtime: N8nRuntime;
	/** Newer releases of the line that could not be installed, newest first. */
	skipped: SkippedVersion[];
}

const EXACT = /^\d+\.\d+\.\d+$/;
const LINE = /^\d+(\.\d+)?$/;

/** Stable releases of an n8n line in the registry, newest first. */
export async function releasesOf(line: string): Promise<string[]> {
	if (!LINE.test(line))
		throw new Error(
			`n8n version "${line}": give an exact version (2.40.7) or a line (1, 2, 1.123)`,
		);
	const { stdout } = await runToCompletion('npm', ['view', `n8n@${line}`, 'version', '--json'], {
		label: `npm view n8n@${line}`,
		env: npmEnv(),
		timeoutMs: 120_000,
	});
	const parsed = JSON.parse(stdout) as string | string[];
	const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((version) =>
		EXACT.test(version),
	);
	if (versions.length === 0)
		throw new Error(`the npm registry has no stable n8n ${line}.x release`);
	return versions.sort(compareVersions).reverse();
}

/** The runtime for a matrix entry (see the top comment); installs on first use. */
export async function ensureN8nFor(spec: string): Promise<ResolvedN8n> {
	if (EXACT.test(spec)) return { spec, runtime: await ensureN8n(spec), skipped: [] };
	const candidates = (await releasesOf(spec)).slice(0, MAX_TRIES);
	const skipped: SkippedVersion[] = [];
	for (const version of candidates) {
		const remembered = rememberedFailure(version);
		if (remembered) {
			log(
				`n8n ${version}: not retried, its install failed at ${remembered.at}: ${remembered.reason}`,
			);
			skipped.push({
				version,
				reason: `${remembered.reason} (install failed at ${remembered.at})`,
			});
			continue;
		}
		try {
			const runtime = await ensureN8n(version);
			if (skipped.length > 0) {
				log(
					`n8n ${spec}: using ${version}; newer releases that did not install: ${skipped.map((s) => `${s.version} (${s.reason})`).join('; ')}`,
				);
			}
			return { spec, runtime, skipped };
		} catch (error) {
			// Only a release the registry cannot satisfy is passed over; anything else (network, disk) fails the leg.
			if (!UNINSTALLABLE.test((error as Error).message)) throw error;
			const reason = firstLines((error as Error).message);
			log(
				`n8n ${version} (the newest ${spec}.x release not yet tried) could not be installed: ${reason}`,
			);
			skipped.push({ version, reason });
			rememberFailure(version, reason);
		}
	}
	throw new Error(
		`none of the newest ${candidates.length} n8n ${spec}.x releases installed: ${skipped.map((s) => `${s.version}: ${s.reason}`).join('; ')}`,
	);
}

function failureFile(version: string): string {
	return join(cacheRoot(), `n8n-${version}.failed.json`);
}

function rememberedFailure(version: string): { reason: string; at: string } | undefined {
	const file = failureFile(version);
	if (!existsSync(file)) return undefined;
	const failure = JSON.parse(readFileSync(file, 'utf8')) as { reason: string; at: string };
	if (Date.now() - Date.parse(failure.at) < REMEMBER_FAILURE_MS) return failure;
	rmSync(file, { force: true });
	return undefined;
}

function rememberFailure(version: string, reason: string): void {
	writeFileSync(
		failureFile(version),
		`${JSON.stringify({ reason, at: new Date().toISOString() }, null, '\t')}\n`,
	);
	// The unfinished install folder (no marker) would only be wiped by the next try.
	rmSync(join(cacheRoot(), `n8n-${version}`), { recursive: true, force: true });
}

function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** npm's errors are long; the lines naming the cause (ETARGET, 404, a version) are near the top. */
function firstLines(message: string): string {
	const lines = message
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
	const telling = lines.filter(
		(line) => /npm (error|ERR!)/.test(line) && !/A complete log|verbose|In most cases/.test(line),
	);
	return (telling.length > 0 ? telling : lines).slice(0, 3).join(' | ');
}
