/**
 * CPU time of a whole process group from /proc: n8n's main process plus everything it started (its task
 * runner, which runs Code nodes). The runner starts n8n in a group of its own, so the group id is the main
 * process's pid. Linux only; undefined elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = (() => {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** CPU ms (user + system, reaped children included) of every process in the group `groupId` (Linux only). */
export function groupCpuMs(groupId: number): number | undefined {
	let total = 0;
	let found = false;
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return undefined;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after the command (which may hold spaces): state ppid pgrp … utime(14) stime cutime cstime.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== groupId) continue;
		found = true;
		total += fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
	}
	return found ? (total * 1000) / CLOCK_TICKS : undefined;
}

/** The 1-minute load average and the runnable threads right now, as /proc/loadavg says. */
export function loadNow(): { load1m: number; runnable?: number } {
	try {
		const fields = readFileSync('/proc/loadavg', 'utf8').split(' ');
		return { load1m: Number(fields[0]), runnable: Number(fields[3].split('/')[0]) };
	} catch {
		return { load1m: Number.NaN };
	}
}
