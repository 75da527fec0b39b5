// Saves every completed job's video as `<out>/<row key>.mp4` (the MP4's ftyp box is checked on the
// way, see cli/download.ts). Output links expire, so the main job stores the files at once.
// Rule: a file that cannot be saved is a problem in the summary, never a crash of the run.
import { relative } from 'node:path';

import { downloadOutput } from '../cli/download';
import type { JobAccounting } from './accounting';

/** Downloads every completed job's video as `<row key>.mp4`; the container is checked on the way. */
export async function saveFiles(
	accounting: JobAccounting,
	outDir: string,
	say: (line: string) => void,
	problems: string[],
	signal: AbortSignal,
): Promise<number> {
	const completed = accounting.entries().filter(([, entry]) => entry.end?.status === 'completed');
	const saved = await Promise.all(
		completed.map(async ([id, entry]) => {
			const url = entry.end?.outputUrl;
			if (url === null || url === undefined) {
				problems.push(`${entry.rowKey}: job ${id} completed without an output URL`);
				return false;
			}
			try {
				const file = await downloadOutput(url, outDir, entry.rowKey, entry.kind, signal);
				say(
					`${entry.rowKey}: saved ${relative(process.cwd(), file.path)} (${file.bytes} bytes, ftyp checked)`,
				);
				return true;
			} catch (error) {
				problems.push(`${entry.rowKey}: ${error instanceof Error ? error.message : String(error)}`);
				return false;
			}
		}),
	);
	return saved.filter(Boolean).length;
}
