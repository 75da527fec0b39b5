/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// The real-n8n tests are their own steps (jest.n8n.config.js, after scripts/n8n/install.sh;
	// test/n8n-queue/jest.config.js runs a whole queue-mode cluster).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/', '<rootDir>/test/n8n-queue/'],
	// Type checking is `npm run typecheck`'s job; with isolatedModules in tsconfig, ts-jest only
	// transpiles, which keeps the suite fast.
	transform: { '^.+\\.ts$': 'ts-jest' },
	setupFilesAfterEnv: ['<rootDir>/test/setup/nock.ts'],
	testTimeout: 30000,
};
