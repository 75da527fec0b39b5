// Reads a captured delivery body for `webhook sign` and `webhook verify`: a file, or stdin for
// `-`. Rule: the bytes are returned exactly as stored, never decoded and re-encoded, since the
// signature covers the raw bytes.
import { readFile } from 'node:fs/promises';

import type { CliIo } from './io';

export async function readBodyArgument(io: CliIo, source: string): Promise<Buffer> {
	if (source !== '-') return readFile(source);
	const chunks: Buffer[] = [];
	for await (const chunk of io.stdin) {
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	}
	return Buffer.concat(chunks);
}
