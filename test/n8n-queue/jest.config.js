// The queue-mode suite: one n8n cluster (Postgres, Redis, main, worker, two webhook processors,
// HAProxy) shared by every case, so one file, one jest worker, and generous timeouts: the n8n
// processes take a minute or two to start on a small machine.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n-queue'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': 'ts-jest' },
	maxWorkers: 1,
	testTimeout: 10 * 60_000,
};
