/**
 * Import first in every benchmark entry point run under ts-node. Node resolves
 * `./AwsSageMakerPipelines.node` by trying extensions in registration order, and ts-node
 * registers `.ts` after `.json`, so the node's codex file `AwsSageMakerPipelines.node.json`
 * would be loaded instead of `AwsSageMakerPipelines.node.ts`. This moves `.ts` to the front,
 * as ts-node's own `preferTsExts` option does (jest resolves `.ts` first already).
 */
const extensions = require.extensions as Record<string, unknown>;
if (extensions['.ts'] && Object.keys(extensions)[0] !== '.ts') {
	const saved = { ...extensions };
	for (const key of Object.keys(saved)) delete extensions[key];
	extensions['.ts'] = saved['.ts'];
	for (const [key, handler] of Object.entries(saved)) if (key !== '.ts') extensions[key] = handler;
}

export {};
