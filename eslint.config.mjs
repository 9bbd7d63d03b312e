// `npm run lint` (`n8n-node lint`, which runs `eslint .` with this file). Two lints in one run:
// - what ships (package.json, nodes/, credentials/): n8n's own node-cli config, cloud support on, applied
//   unchanged — the rules `n8n-node lint` and n8n's verification scan enforce;
// - what does not ship (tests, benchmarks, scripts, tool configs): typescript-eslint's recommended rules. They
//   need timers, `process` and `node:http`, which the community rules forbid in a node.
// n8n's strict mode would require n8n's template here, which lints everything with the community rules, hence
// `"strict": false` in package.json (docs/releasing.md says why).
import { config as n8nNodeConfig } from '@n8n/node-cli/eslint';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const SHIPPED = ['package.json', 'nodes/**', 'credentials/**'];

export default defineConfig(
	globalIgnores(['dist', '.artifacts', 'coverage', 'docs', 'examples']),
	// `files` here narrows every object of n8n's config to the shipped files (ESLint intersects the two).
	{ files: SHIPPED, extends: [n8nNodeConfig] },
	{
		files: [
			'test/**/*.ts',
			'tools/**/*.ts',
			'bench/**/*.ts',
			'scripts/**/*.ts',
			'scripts/**/*.mjs',
			'*.js',
			'*.mjs',
		],
		extends: [tseslint.configs.recommended],
		rules: {
			// `const { Dropped: _dropped, ...rest } = value` is how the emulator leaves members out.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
			// A harness variable a closure reads before its one assignment cannot be a const.
			'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
		},
	},
	{
		files: ['*.js'],
		rules: { '@typescript-eslint/no-require-imports': 'off' }, // gulpfile and jest configs are CommonJS
	},
);
