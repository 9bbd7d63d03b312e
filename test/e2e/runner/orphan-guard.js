/**
 * Loaded with `node --require` into every n8n process the runner starts (plain JS: it runs inside n8n on Node 24).
 * Duty: when the process that started n8n goes away without stopping it (a SIGKILLed jest, a crashed script,
 * jest's sandbox swallowing exit handlers), end n8n's whole process group so no server, worker or task runner
 * is left behind. Limits: notices within about a second; relies on the runner starting n8n as a group leader
 * (spawn `detached: true`), which it always does.
 */
'use strict';

const startedBy = process.ppid;

const watch = setInterval(() => {
	// A dead parent re-parents us to init or a subreaper, so a changed ppid is the signal.
	if (process.ppid === startedBy) return;
	clearInterval(watch);
	signalOwnGroup('SIGTERM');
	// n8n shuts down gracefully on SIGTERM; this only fires if it hangs, and takes the task runner with it.
	setTimeout(() => signalOwnGroup('SIGKILL'), 15000).unref();
}, 1000);
watch.unref();

function signalOwnGroup(signal) {
	try {
		process.kill(-process.pid, signal);
	} catch {
		try {
			process.kill(process.pid, signal);
		} catch {
			// already gone
		}
	}
}
