// The end-to-end tests in a real n8n (test/n8n/): their own jest run, after
// scripts/n8n/install.sh has put n8n 2.41.1 and Node 24 in the cache folder. One n8n per test
// file, started in beforeAll (about a minute on a busy machine), so the timeouts are long.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 300_000,
	maxWorkers: 1,
};
