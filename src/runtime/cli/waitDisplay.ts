// The live display of one job being waited for (`--wait`): a cli-progress bar with the phase,
// the server's estimate and the time elapsed when stderr is a terminal; otherwise one plain line
// each time the phase changes, which reads well in a CI log.
// Rule: progress goes to stderr only; stdout is kept for the JSON result.
import { SingleBar } from 'cli-progress';

import type { WaitProgress } from '../../core/wait';
import { formatSeconds, phaseLabel, progressLine } from './format';
import { isInteractive, printInfo, type CliIo } from './io';

export interface WaitDisplay {
	onProgress(progress: WaitProgress): void;
	/** Stops the bar (if any); call whatever the outcome. */
	stop(): void;
}

export function createWaitDisplay(io: CliIo): WaitDisplay {
	return isInteractive(io) ? barDisplay(io) : lineDisplay(io);
}

function lineDisplay(io: CliIo): WaitDisplay {
	let last = '';
	return {
		onProgress(progress) {
			const label = phaseLabel(progress.status, progress.phase);
			if (label === last) return;
			last = label;
			printInfo(io, progressLine(progress));
		},
		stop() {},
	};
}

function barDisplay(io: CliIo): WaitDisplay {
	const bar = new SingleBar({
		stream: io.stderr,
		format: ' {id} |{bar}| {percentage}% | {label} | {eta_text} | {elapsed_text}',
		barsize: 24,
		hideCursor: true,
		clearOnComplete: false,
		gracefulExit: false,
		linewrap: false,
	});
	let started = false;
	return {
		onProgress(progress) {
			const payload = {
				id: progress.id,
				label: phaseLabel(progress.status, progress.phase).padEnd(10),
				eta_text:
					progress.etaSeconds === null || progress.status === 'completed'
						? 'eta -'
						: `eta ${formatSeconds(progress.etaSeconds)}`,
				elapsed_text: `${formatSeconds(progress.elapsedMs / 1000)} elapsed`,
			};
			const value = progress.status === 'completed' ? 100 : Math.round(progress.progress ?? 0);
			if (!started) {
				bar.start(100, value, payload);
				started = true;
			} else {
				bar.update(value, payload);
			}
		},
		stop() {
			if (started) bar.stop();
			started = false;
		},
	};
}
