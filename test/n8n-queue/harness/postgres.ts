// A throwaway PostgreSQL (Debian's package) in a scratch directory on a private loopback port.
// postgres refuses to run as root, so when the tests run as root the server runs as the
// `postgres` user that Debian's package creates, in a directory handed over to it. Durability
// is switched off (fsync, synchronous_commit): the data is thrown away after the run.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freeLoopbackPort } from '../../setup/redisServer';
import { startGroup, type ProcessGroup } from './processGroup';
import { waitUntil } from './waitUntil';

const run = promisify(execFile);
const SUPERUSER = 'n8n';
const STARTUP_TIMEOUT_MS = 30_000;
// Separators that never occur in n8n's JSON, so a value may hold tabs and newlines.
const FIELD = '\x1f';
const RECORD = '\x1e';

export interface Postgres {
	host: string;
	port: number;
	user: string;
	database: string;
	group: ProcessGroup;
	/** Runs one SQL statement through psql; rows as arrays of strings. */
	query(sql: string): Promise<string[][]>;
}

/** The folder holding Debian's server binaries (initdb, postgres), newest major first. */
export function postgresBinDir(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const majors = readdirSync(root)
		.filter((name) => /^\d+$/.test(name))
		.sort((a, b) => Number(b) - Number(a));
	for (const major of majors) {
		const bin = join(root, major, 'bin');
		if (existsSync(join(bin, 'postgres'))) return bin;
	}
	return null;
}

function runAsIds(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

export async function startPostgres(scratchDir: string, database: string): Promise<Postgres> {
	const bin = postgresBinDir();
	if (bin === null) {
		throw new Error('PostgreSQL server is not installed: apt-get install -y postgresql');
	}
	const dir = join(scratchDir, 'postgres');
	mkdirSync(dir, { recursive: true });
	const ids = runAsIds();
	if (ids !== undefined) chownSync(dir, ids.uid, ids.gid);
	const dataDir = join(dir, 'data');
	await run(
		join(bin, 'initdb'),
		['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-sync'],
		{ uid: ids?.uid, gid: ids?.gid },
	);
	const port = await freeLoopbackPort();
	const group = startGroup({
		name: 'postgres',
		command: join(bin, 'postgres'),
		args: [
			'-D',
			dataDir,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		],
		uid: ids?.uid,
		gid: ids?.gid,
		logPath: join(scratchDir, 'postgres.log'),
	});
	const psql = async (db: string, sql: string): Promise<string[][]> => {
		const { stdout } = await run(
			'psql',
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				SUPERUSER,
				'-d',
				db,
				'-v',
				'ON_ERROR_STOP=1',
				'-AtX',
				'-F',
				FIELD,
				'-R',
				RECORD,
				'-c',
				sql,
			],
			{ maxBuffer: 64 * 1024 * 1024 },
		);
		return stdout
			.replace(/\n$/, '')
			.split(RECORD)
			.filter((row) => row !== '')
			.map((row) => row.split(FIELD));
	};
	await waitUntil(
		'postgres',
		async () => (await psql('postgres', 'select 1'))[0]?.[0] === '1',
		STARTUP_TIMEOUT_MS,
		group,
	);
	await psql('postgres', `create database ${database}`);
	return {
		host: '127.0.0.1',
		port,
		user: SUPERUSER,
		database,
		group,
		query: (sql) => psql(database, sql),
	};
}
