/**
 * Browser leg (`npm run test:browser`; `npm run screenshots` also rewrites docs/screenshots): the n8n editor
 * in Debian's Chromium, driven by playwright-core, against a real n8n with our packed package and the emulator.
 * Serial: the tests in a file walk through one editor session, and one n8n plus one browser is what this
 * 2-core machine carries.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/browser'],
	testMatch: ['**/*.browser.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	// Chromium (apt-get when missing), Node 24 and n8n (minutes, once per machine), the repo packed once.
	globalSetup: '<rootDir>/test/browser/global-setup.ts',
	maxWorkers: 1,
	testTimeout: 180000,
};
