// The output file, fetched only when a later step uses it: `z.dehydrateFile` puts a pointer in the
// step's output, and Zapier calls this hydrator to download the file and store it with
// `z.stashFile`. Output links expire (`expires_at`), so a zap should keep the file, not the link.
import type { Bundle, ZObject } from 'zapier-platform-core';

/** Status codes of a link that no longer works: a bad signature (403) or an expired link (410). */
const DEAD_LINK_STATUSES = new Set([403, 404, 410]);

export async function downloadOutput(z: ZObject, bundle: Bundle) {
	const url = String(bundle.inputData.url);
	const response = await z.request({ url, raw: true, skipThrowForStatus: true });
	if (DEAD_LINK_STATUSES.has(response.status)) {
		throw new z.errors.Error(
			`The generation's output link no longer works (HTTP ${response.status}): output links ` +
				'expire. Run Find Generation for a fresh link, or store the file in the step that ' +
				'receives it.',
			'output_link_expired',
			response.status,
		);
	}
	return z.stashFile(Promise.resolve(response));
}

/** A file field for `url`, downloaded only if a later step uses it; null while there is none. */
export function outputFile(z: ZObject, url: string | null | undefined): string | null {
	return url ? z.dehydrateFile(downloadOutput, { url }) : null;
}
