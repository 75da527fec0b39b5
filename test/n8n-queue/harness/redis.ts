// A throwaway redis-server for n8n's job queue (Bull), on a private loopback port, nothing saved.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freeLoopbackPort } from '../../setup/redisServer';
import { startGroup, type ProcessGroup } from './processGroup';
import { waitUntil } from './waitUntil';

const run = promisify(execFile);

export interface Redis {
	host: string;
	port: number;
	group: ProcessGroup;
}

export async function startQueueRedis(scratchDir: string): Promise<Redis> {
	const port = await freeLoopbackPort();
	const group = startGroup({
		name: 'redis',
		command: 'redis-server',
		args: [
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			scratchDir,
		],
		logPath: join(scratchDir, 'redis.log'),
	});
	const pong = async (): Promise<boolean> =>
		(await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG';
	await waitUntil('redis', pong, 10_000, group);
	return { host: '127.0.0.1', port, group };
}
