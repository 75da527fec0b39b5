// Fetches a finished job's output file as a stream. Output links are signed and carry no API key
// (a CDN link), so this uses n8n's plain `httpRequest`: the Bearer token never goes to the file
// host. Rule: a refused download hands back the status and releases the connection; the signed
// link itself never appears in a message.
import type { IExecuteFunctions } from 'n8n-workflow';

/** What `prepareBinaryData` takes: n8n streams it to its binary store. */
type FileStream = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** A whole file may take a while on a slow link; the execution's stop ends it sooner. */
export const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

export interface OutputDownload {
	status: number;
	contentType?: string;
	/** Present when `status` is 200. */
	stream?: FileStream;
}

interface StreamResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: FileStream & { destroy?: () => void };
}

export async function openOutputFile(
	context: IExecuteFunctions,
	url: string,
	signal: AbortSignal | undefined,
): Promise<OutputDownload> {
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		abortSignal: signal,
		timeout: DOWNLOAD_TIMEOUT_MS,
	})) as StreamResponse;
	const contentType = response.headers['content-type'];
	if (response.statusCode !== 200) {
		response.body.destroy?.();
		return { status: response.statusCode };
	}
	return {
		status: 200,
		contentType: typeof contentType === 'string' ? contentType.split(';')[0].trim() : undefined,
		stream: response.body,
	};
}
