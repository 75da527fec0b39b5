// GET and HEAD /files/<id>.mp4|.wav: the output of a completed job behind its signed, expiring
// link, with byte ranges for players (206 + Content-Range, 416 past the end).
// Rules: the link is the credential (no API key, like a CDN URL); a bad signature is 403, an
// expired link 410, and only completed jobs have files. Error codes here are the file server's
// own (`invalid_link_signature`, `link_expired`), outside the API's enum, as a CDN's would be.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { SandboxHttpError } from './http';
import type { MediaExtension, MediaFile } from './media';
import { parseRange } from './ranges';
import { FILE_EXTENSION, type SandboxService } from './service';
import { checkLink } from './signedLinks';

export const FILE_PATH = /^\/files\/([A-Za-z0-9_-]+)\.(mp4|wav)$/;

export function serveFile(
	req: IncomingMessage,
	res: ServerResponse,
	url: URL,
	service: SandboxService,
	media: Record<MediaExtension, MediaFile>,
): void {
	const match = FILE_PATH.exec(url.pathname);
	if (!match) throw new SandboxHttpError(404, 'not_found', 'No such file.');
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		throw new SandboxHttpError(
			405,
			'not_found',
			`${req.method} is not supported on files; use GET.`,
			{
				headers: { allow: 'GET, HEAD' },
			},
		);
	}
	const [, id, extension] = match as unknown as [string, string, MediaExtension];
	const fileName = `${id}.${extension}`;
	const verdict = checkLink(
		service.fileLinkSecret,
		fileName,
		url.searchParams.get('expires'),
		url.searchParams.get('sig'),
		service.now,
	);
	if (verdict === 'bad_signature') {
		throw new SandboxHttpError(
			403,
			'invalid_link_signature',
			'This file link is not valid. Use the output_url of the generation exactly as given.',
		);
	}
	if (verdict === 'expired') {
		throw new SandboxHttpError(
			410,
			'link_expired',
			'This file link has expired. Fetch the generation again, and store files rather than links.',
		);
	}
	const job = service.store.byId(id);
	if (job) service.store.settle(job, service.now);
	if (!job || job.output === null || FILE_EXTENSION[job.kind] !== extension) {
		throw new SandboxHttpError(404, 'not_found', `No output file ${fileName}.`);
	}

	const file = media[extension];
	const size = file.bytes.length;
	const common = {
		'content-type': file.contentType,
		'accept-ranges': 'bytes',
		'cache-control': 'private, max-age=3600',
		'content-disposition': `inline; filename="${fileName}"`,
	};
	const range = parseRange(req.headers.range, size);
	if (range.kind === 'unsatisfiable') {
		res.writeHead(416, { ...common, 'content-range': `bytes */${size}`, 'content-length': '0' });
		res.end();
		return;
	}
	const [status, start, end] =
		range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, size - 1];
	res.writeHead(status, {
		...common,
		'content-length': String(end - start + 1),
		...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
	});
	res.end(req.method === 'HEAD' ? undefined : file.bytes.subarray(start, end + 1));
}
