// Saves a finished job's output file. Output links expire (contract: store the file, not the
// link), so the CLI and the main job download them at once.
// Rules: streamed to disk, never held whole in memory; written under a temporary name and
// renamed only once complete and checked, so a half-written or wrong file never sits under the
// final name; an MP4 must start with an `ftyp` box, a WAV with RIFF/WAVE; a download always
// ends: the caller's signal stops it early, and the time limit applies whether or not one is given;
// a file past `maxBytes` (announced or counted while streaming) is stopped and removed.
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { getGlobalDispatcher, interceptors, request, type Dispatcher } from 'undici';

export type MediaKind = 'video' | 'voice';

export const EXTENSIONS: Record<MediaKind, string> = { video: 'mp4', voice: 'wav' };
/** Bytes read back to check the container's signature. */
const HEAD_BYTES = 12;
export const DOWNLOAD_TIMEOUT_MS = 60_000;
/** A minute of 1080p video is some 100 MB; a file twenty times that is not an output. */
export const DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** CDNs may answer an output link with a redirect to the file's current home. */
const MAX_REDIRECTIONS = 3;

let redirecting: Dispatcher | undefined;
function dispatcher(): Dispatcher {
	redirecting ??= getGlobalDispatcher().compose(
		interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
	);
	return redirecting;
}

export interface SavedFile {
	path: string;
	bytes: number;
}

/** True when `head` starts like an ISO-BMFF (MP4) file: a box whose type, at byte 4, is `ftyp`. */
export function startsWithFtyp(head: Uint8Array): boolean {
	return head.length >= 8 && Buffer.from(head.subarray(4, 8)).toString('latin1') === 'ftyp';
}

/** True when `head` starts like a WAV file: `RIFF`, a size, `WAVE`. */
export function startsWithRiffWave(head: Uint8Array): boolean {
	const text = Buffer.from(head.subarray(0, 12)).toString('latin1');
	return head.length >= 12 && text.startsWith('RIFF') && text.endsWith('WAVE');
}

export function hasMediaSignature(kind: MediaKind, head: Uint8Array): boolean {
	return kind === 'video' ? startsWithFtyp(head) : startsWithRiffWave(head);
}

/** A file name that is safe on every platform, from a row key or a generation id. */
export function safeFileStem(text: string): string {
	const stem = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
	return stem === '' ? 'output' : stem.slice(0, 120);
}

/**
 * Downloads `url` to `<dir>/<stem>.<mp4|wav>` and checks the container signature. Ends when
 * `signal` aborts or when the whole download (headers and body) takes longer than `timeoutMs`.
 * Throws an Error naming the HTTP status, the bad signature, the time limit or the size limit
 * (`maxBytes`); the link itself (it is signed) is never put in a message.
 */
export async function downloadOutput(
	url: string,
	dir: string,
	stem: string,
	kind: MediaKind,
	signal?: AbortSignal,
	timeoutMs: number = DOWNLOAD_TIMEOUT_MS,
	maxBytes: number = DEFAULT_MAX_DOWNLOAD_BYTES,
): Promise<SavedFile> {
	await mkdir(dir, { recursive: true });
	const path = join(dir, `${safeFileStem(stem)}.${EXTENSIONS[kind]}`);
	const partial = `${path}.partial`;
	const timeout = AbortSignal.timeout(timeoutMs);
	const stop = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
	// The caller's own stop passes through as it is; running out of time gets a plain message.
	const timedOut = (error: unknown) =>
		timeout.aborted && signal?.aborted !== true
			? new Error(`downloading the output of ${stem} did not finish within ${timeoutMs / 1000} s`, {
					cause: error,
				})
			: error;
	const response = await request(url, {
		method: 'GET',
		signal: stop,
		dispatcher: dispatcher(),
	}).catch((error: unknown) => {
		throw timedOut(error);
	});
	if (response.statusCode !== 200) {
		await response.body.dump();
		throw new Error(`downloading the output of ${stem} failed: HTTP ${response.statusCode}`);
	}
	const tooLarge = () =>
		new Error(`the output of ${stem} is larger than the download limit of ${maxBytes} bytes`);
	if (Number(response.headers['content-length']) > maxBytes) {
		response.body.destroy();
		throw tooLarge();
	}
	try {
		await pipeline(response.body, byteLimit(maxBytes, tooLarge), createWriteStream(partial));
		const { head, bytes } = await readHead(partial);
		if (!hasMediaSignature(kind, head)) {
			throw new Error(
				`the output of ${stem} is not a valid ${EXTENSIONS[kind].toUpperCase()} file (${bytes} bytes)`,
			);
		}
		await rename(partial, path);
		return { path, bytes };
	} catch (error) {
		await rm(partial, { force: true });
		throw timedOut(error);
	}
}

/** Passes bytes through until more than `maxBytes` have passed, then fails the pipeline. */
function byteLimit(maxBytes: number, tooLarge: () => Error): Transform {
	let bytes = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done) {
			bytes += chunk.length;
			if (bytes > maxBytes) done(tooLarge());
			else done(null, chunk);
		},
	});
}

async function readHead(path: string): Promise<{ head: Uint8Array; bytes: number }> {
	const handle = await open(path, 'r');
	try {
		const head = Buffer.alloc(HEAD_BYTES);
		const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
		const { size } = await handle.stat();
		return { head: head.subarray(0, bytesRead), bytes: size };
	} finally {
		await handle.close();
	}
}
