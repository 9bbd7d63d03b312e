/**
 * Real-n8n leg (`npm run test:e2e`): our packed package inside a real n8n 2.40.7 on Node 24, see test/e2e/runner.
 * Serial on purpose: each file starts its own n8n, and two at once would fight over this 2-core machine.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// Installs Node 24 and n8n on a fresh machine (minutes, once) and packs the repo once for every file.
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 180000,
};
