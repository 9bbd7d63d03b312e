// n8n's community-node rules in their n8n Cloud configuration (the stricter one), over the
// shipped sources and package.json. Tests, benchmarks and scripts are not shipped and not linted here.
import { configs } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '*.js', '*.mjs'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { project: './tsconfig.build.json' } },
	},
	// The package.json rules read it as a JavaScript expression, as n8n's own node CLI sets it up.
	{ files: ['package.json'], languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } } },
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'], ...configs.recommended },
];
