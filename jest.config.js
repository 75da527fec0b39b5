/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The queue-mode suite runs a whole n8n cluster: its own step with its own config.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n-queue/'],
	// Type checking is `npm run typecheck`'s job; with isolatedModules in tsconfig, ts-jest only
	// transpiles, which keeps the suite fast.
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFilesAfterEnv: ['<rootDir>/test/setup/nock.ts'],
	testTimeout: 30000,
};
