/** Child processes for the benchmarks that need a fresh Node (startup cost, memory) or a tool (npm). */
import { execFile, fork } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './machine';

export function runCommand(file: string, args: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(
			file,
			args,
			{ cwd: options.cwd ?? REPO_ROOT, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
			(error, stdout, stderr) => {
				if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
				else resolve(stdout);
			},
		);
	});
}

/**
 * Forks a bench TypeScript module (run under ts-node) and exchanges one message with it:
 * sends `input`, resolves with the first message it sends back.
 */
export function forkOnce<I, O>(module: string, input: I, options: { nodeArgs?: string[] } = {}): Promise<O> {
	return new Promise((resolve, reject) => {
		const child = fork(join(REPO_ROOT, 'bench', module), [], {
			cwd: REPO_ROOT,
			execArgv: [...(options.nodeArgs ?? []), '-r', 'ts-node/register/transpile-only'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
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
