/**
 * Queue-mode leg (`npm run test:queue`): Redis, an n8n main with EXECUTIONS_MODE=queue and two `n8n worker`
 * processes, our packed package in each, driven against the emulator; see test/queue.
 * Serial on purpose: one cluster (three n8n processes) already fills this 2-core machine.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// Node 24, n8n and Redis on a fresh machine (minutes, once); the repo packed once.
	globalSetup: '<rootDir>/test/queue/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	maxWorkers: 1,
	testTimeout: 300000,
};
