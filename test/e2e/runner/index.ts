/**
 * The real-n8n runner: our packed package inside a real n8n (2.40.7 on Node 24 by default; any 1.x release on
 * Node 22 or 2.x on Node 24 through `ensureN8n(version)`), driven from tests and scripts (e2e tests, the version
 * matrix, `npm run demo`, `npm run dev`, queue mode, browser test, benchmarks).
 *
 * Typical use:
 *   const tarball = await packPackage();
 *   const n8n = await startN8n({ tarball, credentials, workflows, activate: ['wf1'] });
 *   const reply = await n8n.callWebhook('path', { ... });
 *   const [execution] = await n8n.api.waitForExecutions('wf1');
 *   await n8n.stop();
 */
export {
	cacheRoot,
	DEFAULT_N8N_VERSION,
	ensureN8n,
	ensureNode,
	ensureNode24,
	n8nMajor,
	nodeMajorFor,
} from './cache';
export { packPackage, REPO_ROOT } from './pack';
export { ENCRYPTION_KEY, n8nEnv, startN8n } from './n8n';
export type { ExtraProcess, N8nInstance, StartOptions, WebhookResponse } from './n8n';
export { N8nApi, nodeOutput, OWNER } from './api';
export type { Execution, ExecutionStatus, NodeRun, PublicationStatus } from './api';
export {
	childEnv,
	freePort,
	npmEnv,
	runN8nCommand,
	runToCompletion,
	spawnManaged,
	spawnN8n,
	tail,
} from './processes';
export type {
	CommandResult,
	ManagedProcess,
	N8nRuntime,
	RunOptions,
	SpawnOptions,
} from './processes';
export { log } from './log';
export { ensureN8nFor, releasesOf } from './versions';
export type { ResolvedN8n, SkippedVersion } from './versions';
export {
	CALLBACK_TRIGGER_NAME,
	callbackTrigger,
	linearWorkflow,
	manualTrigger,
	PACKAGE_NODE_TYPES,
	sendStepSuccess,
	setFields,
	webhookTrigger,
} from './workflow';
export type { NodeSpec, WorkflowJson } from './workflow';
