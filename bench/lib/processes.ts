/** Child processes for the benchmarks that need a fresh Node (startup cost, memory) or a tool (npm). */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './machine';

export function runCommand(
	file: string,
	args: string[],
	options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			file,
			args,
			{
				cwd: options.cwd ?? REPO_ROOT,
				timeout: options.timeoutMs ?? 300_000,
				maxBuffer: 64 * 1024 * 1024,
				encoding: 'utf8',
			},
			(error, stdout, stderr) => {
				if (error)
					reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
				else resolve(stdout);
			},
		);
	});
}

/** Starts a bench TypeScript module under ts-node in a child process with an IPC channel. */
export function forkBench(module: string, nodeArgs: string[] = []): ChildProcess {
	return fork(join(REPO_ROOT, 'bench', module), [], {
		cwd: REPO_ROOT,
		execArgv: [...nodeArgs, '-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
}

/** Forks a bench module and exchanges one message with it: sends `input`, resolves with its first reply. */
export function forkOnce<I, O>(
	module: string,
	input: I,
	options: { nodeArgs?: string[] } = {},
): Promise<O> {
	return new Promise((resolve, reject) => {
		const child = forkBench(module, options.nodeArgs);
		let answered = false;
		child.once('message', (message: O) => {
			answered = true;
			resolve(message);
			child.disconnect();
		});
		child.once('exit', (code) => {
			if (!answered) reject(new Error(`bench/${module} exited with ${code} before answering`));
		});
		child.send(input as object);
	});
}
