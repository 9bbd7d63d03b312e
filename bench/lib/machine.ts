/** Where and on what a bench run happened: the header of every results file. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface MachineInfo {
	cpuModel: string;
	cores: number;
	memoryBytes: number;
	os: string;
	node: string;
	/** 1/5/15-minute load averages when the run started: other work on the machine skews the figures. */
	loadAverageAtStart: number[];
}

export interface RunInfo {
	date: string;
	commit: string;
	/** Uncommitted changes in the work tree when the run started. */
	dirty: boolean;
	versions: Record<string, string>;
}

function git(args: string[]): string {
	try {
		return execFileSync('git', args, {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
	} catch {
		return '';
	}
}

function installedVersion(name: string): string {
	try {
		return (
			JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
				version: string;
			}
		).version;
	} catch {
		return 'not installed';
	}
}

export function machineInfo(): MachineInfo {
	const cpuList = cpus();
	return {
		cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
		cores: cpuList.length,
		memoryBytes: totalmem(),
		os: `${platform()} ${release()}`,
		node: process.version,
		loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
	};
}

export function runInfo(): RunInfo {
	const own = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		version: string;
	};
	return {
		date: new Date().toISOString(),
		commit: git(['rev-parse', 'HEAD']) || 'unknown',
		dirty: git(['status', '--porcelain', '--', 'nodes', 'credentials', 'bench', 'test']) !== '',
		versions: {
			'n8n-nodes-sagemaker-pipelines': own.version,
			'n8n-workflow': installedVersion('n8n-workflow'),
			'n8n-core': installedVersion('n8n-core'),
			'@aws-sdk/client-sagemaker': installedVersion('@aws-sdk/client-sagemaker'),
		},
	};
}

export function describeMachine(machine: MachineInfo): string {
	const gb = (machine.memoryBytes / 1024 ** 3).toFixed(1);
	return `${machine.cpuModel}, ${machine.cores} cores, ${gb} GB, ${machine.os}, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' / ')}`;
}
