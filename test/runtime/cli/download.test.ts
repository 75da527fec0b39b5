// Saving output files: an MP4 must start with an ftyp box and a WAV with RIFF/WAVE; anything else,
// or an HTTP error, leaves no file behind under the final name.
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { downloadOutput, safeFileStem, startsWithFtyp } from '../../../src/runtime/cli/download';
import { tempDir } from './helpers';

const MP4_HEAD = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0]);

let server: Server;
let base: string;
let dir: ReturnType<typeof tempDir>;

function streamForever(res: ServerResponse): void {
	res.writeHead(200).write(MP4_HEAD);
	const chunk = Buffer.alloc(64 * 1024);
	const more = (): void => {
		while (!res.destroyed && res.write(chunk));
		if (!res.destroyed) res.once('drain', more);
	};
	more();
}

beforeAll(async () => {
	server = createServer((req, res) => {
		if (req.url === '/ok.mp4') res.writeHead(200).end(Buffer.concat([MP4_HEAD, Buffer.alloc(64)]));
		else if (req.url === '/html') res.writeHead(200).end('<html>expired link</html>');
		// Starts the file, then goes quiet: a CDN connection that stalls mid-body.
		else if (req.url === '/stall.mp4') res.writeHead(200).write(MP4_HEAD);
		// A file without end: the head, then 64 KiB chunks for as long as anyone reads.
		else if (req.url === '/endless.mp4') streamForever(res);
		else if (req.url === '/huge.mp4')
			res.writeHead(200, { 'content-length': String(2 ** 40) }).write(MP4_HEAD);
		else res.writeHead(403).end('expired');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
	() =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		}),
);
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

describe('downloadOutput', () => {
	it('saves an MP4 that starts with an ftyp box', async () => {
		const saved = await downloadOutput(`${base}/ok.mp4`, dir.path, 'LST-1', 'video');
		expect(saved).toEqual({ path: join(dir.path, 'LST-1.mp4'), bytes: MP4_HEAD.length + 64 });
	});

	it('refuses a body that is not an MP4 and leaves no file', async () => {
		await expect(downloadOutput(`${base}/html`, dir.path, 'LST-2', 'video')).rejects.toThrow(
			/not a valid MP4/,
		);
		expect(readdirSync(dir.path)).toEqual([]);
	});

	it('names the HTTP status of a refused link, without quoting the link', async () => {
		const failure = downloadOutput(`${base}/gone?sig=abc123`, dir.path, 'LST-3', 'video');
		await expect(failure).rejects.toThrow(/HTTP 403/);
		await expect(failure).rejects.not.toThrow(/abc123/);
		expect(existsSync(join(dir.path, 'LST-3.mp4'))).toBe(false);
	});

	it('ends a stalled download at its time limit even when the caller passes a signal', async () => {
		const never = new AbortController().signal;
		const stalled = downloadOutput(`${base}/stall.mp4`, dir.path, 'LST-4', 'video', never, 50);
		await expect(stalled).rejects.toThrow(/output of LST-4 did not finish within 0.05 s/);
		expect(readdirSync(dir.path)).toEqual([]);
	});

	it("stops a download when the caller's signal aborts, with the caller's reason", async () => {
		const controller = new AbortController();
		const stopped = downloadOutput(
			`${base}/stall.mp4`,
			dir.path,
			'LST-5',
			'video',
			controller.signal,
		);
		controller.abort(new Error('stopped by the user'));
		await expect(stopped).rejects.toThrow(/stopped by the user/);
		expect(readdirSync(dir.path)).toEqual([]);
	});
});

describe('downloadOutput size limit (issue 11)', () => {
	it('stops a file that streams without end at its limit and leaves no file', async () => {
		const endless = downloadOutput(
			`${base}/endless.mp4`,
			dir.path,
			'LST-6',
			'video',
			undefined,
			20_000,
			1024 * 1024,
		);
		await expect(endless).rejects.toThrow(
			/output of LST-6 is larger than the download limit of 1048576 bytes/,
		);
		expect(readdirSync(dir.path)).toEqual([]);
	});

	it('refuses a file whose Content-Length is over the limit before reading it', async () => {
		const huge = downloadOutput(`${base}/huge.mp4`, dir.path, 'LST-7', 'video', undefined, 20_000);
		await expect(huge).rejects.toThrow(/larger than the download limit of 2147483648 bytes/);
		expect(readdirSync(dir.path)).toEqual([]);
	});
});

describe('file names and signatures', () => {
	it('keeps a file name inside the folder whatever the row key holds', () => {
		expect(safeFileStem('../../etc/passwd')).toBe('etc_passwd');
		expect(safeFileStem('LST 1/2')).toBe('LST_1_2');
	});

	it('recognises the ftyp box at byte 4 only', () => {
		expect(startsWithFtyp(MP4_HEAD)).toBe(true);
		expect(startsWithFtyp(Buffer.from('ftypisom....'))).toBe(false);
	});
});
