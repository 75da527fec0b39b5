// Prints result lines in batches: the lines asked for during one turn of the event loop go out
// together (at most MAX_BATCH_LINES a write), and each caller learns when its own line was
// written (or that the write failed).
// A receiver under load prints hundreds of deliveries a second; one write (one system call to a
// file or a pipe) per delivery costs more than verifying it.
// Rule: a line's promise settles only with the write that carried it, so "printed" still means
// written to the stream; a failed write rejects every line it carried.
import type { CliStream } from './io';

/** Lines written together at most; a batch this full is written without waiting for the turn. */
const MAX_BATCH_LINES = 16;

interface Pending {
	line: string;
	resolve: () => void;
	reject: (error: unknown) => void;
}

export class LinePrinter {
	readonly #stream: CliStream;
	#pending: Pending[] = [];
	#scheduled = false;

	constructor(stream: CliStream) {
		this.#stream = stream;
	}

	/** Writes `line` and a newline; resolves once written, rejects if the write fails. */
	print(line: string): Promise<void> {
		return new Promise((resolve, reject) => {
			this.#pending.push({ line, resolve, reject });
			// A full batch goes at once, so no answer waits behind more than a batch of others.
			if (this.#pending.length >= MAX_BATCH_LINES) return this.#flush();
			if (this.#scheduled) return;
			this.#scheduled = true;
			setImmediate(() => {
				this.#scheduled = false;
				this.#flush();
			});
		});
	}

	#flush(): void {
		if (this.#pending.length === 0) return;
		const batch = this.#pending;
		this.#pending = [];
		let text = '';
		for (const entry of batch) text += `${entry.line}\n`;
		try {
			this.#stream.write(text, (error) => {
				for (const entry of batch) {
					if (error) entry.reject(error);
					else entry.resolve();
				}
			});
		} catch (error) {
			for (const entry of batch) entry.reject(error);
		}
	}
}
