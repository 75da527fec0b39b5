/** Real-n8n end-to-end suites: slow, one n8n per file, run by scripts/test.mjs as their own step. */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	testTimeout: 300000,
	maxWorkers: 1,
};
