// A one-line live status on a terminal (redrawn in place), or nothing at all when stderr is not a
// terminal: there, callers log plain lines instead. Log lines printed through it appear above the
// status line, so the two never garble each other.
// Rule: never write control sequences to something that is not a TTY (a log file, CI).
import type { CliStream } from './io';

/** Redraws closer together than this are skipped (the last state is drawn by `done`). */
const MIN_REDRAW_MS = 80;
const CLEAR_LINE = '\r\x1b[2K';

export class StatusLine {
	readonly #stream: CliStream;
	readonly #live: boolean;
	#text = '';
	#drawnAt = 0;

	constructor(stream: CliStream) {
		this.#stream = stream;
		this.#live = stream.isTTY === true;
	}

	get live(): boolean {
		return this.#live;
	}

	/** Sets the status; drawn at once unless the last draw was very recent. */
	update(text: string): void {
		this.#text = text;
		if (!this.#live) return;
		const now = Date.now();
		if (now - this.#drawnAt < MIN_REDRAW_MS) return;
		this.#draw(now);
	}

	/** Prints a whole line above the status. */
	log(line: string): void {
		if (!this.#live) {
			this.#stream.write(`${line}\n`);
			return;
		}
		this.#stream.write(`${CLEAR_LINE}${line}\n`);
		this.#draw(Date.now());
	}

	/** Draws the final status and moves past it; the line stays on screen. */
	done(): void {
		if (!this.#live) return;
		this.#draw(Date.now());
		this.#stream.write('\n');
		this.#text = '';
	}

	#draw(now: number): void {
		this.#drawnAt = now;
		const width = Math.max(20, (this.#stream.columns ?? 100) - 1);
		this.#stream.write(`${CLEAR_LINE}${this.#text.slice(0, width)}`);
	}
}
