/**
 * Version matrix leg (`npm run test:matrix`): test/e2e/matrix on one n8n version per run, named by N8N_VERSION —
 * an exact version (2.40.7) or a line (1, 2: its newest release that installs). `.ci/run` runs it once per entry
 * of N8N_MATRIX. Serial: one n8n at a time on this 2-core machine.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e/matrix'],
	testMatch: ['**/*.matrix.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// Resolves and installs the n8n version (and its Node) on first use, and packs the repo once.
	globalSetup: '<rootDir>/test/e2e/matrix/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 180000,
};
