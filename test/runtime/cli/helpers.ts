// Test helpers for the CLI: an in-process io with captured streams and a stop switch, and a
// temporary folder per test. Real sockets and files only; no timing thresholds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';

import type { CliIo } from '../../../src/runtime/cli/io';

export interface CapturedIo extends CliIo {
	out(): string;
	err(): string;
	/** Ends a long-running command, as Ctrl-C does. */
	stopNow(): void;
	/** Resolves once stderr contains `text`. */
	waitForErr(text: string | RegExp): Promise<string>;
	waitForOut(text: string | RegExp): Promise<string>;
}

class Collector extends Writable {
	text = '';
	private waiters: { match: string | RegExp; resolve: (text: string) => void }[] = [];

	override _write(chunk: Buffer, _encoding: string, done: () => void): void {
		this.text += chunk.toString('utf8');
		this.waiters = this.waiters.filter((waiter) => {
			if (!matches(this.text, waiter.match)) return true;
			waiter.resolve(this.text);
			return false;
		});
		done();
	}

	waitFor(match: string | RegExp): Promise<string> {
		if (matches(this.text, match)) return Promise.resolve(this.text);
		return new Promise((resolve) => this.waiters.push({ match, resolve }));
	}
}

function matches(text: string, match: string | RegExp): boolean {
	return typeof match === 'string' ? text.includes(match) : match.test(text);
}

export function captureIo(
	env: Record<string, string | undefined> = {},
	stdinText?: string | Buffer,
): CapturedIo {
	const stdout = new Collector();
	const stderr = new Collector();
	const stdin = new PassThrough();
	if (stdinText !== undefined) stdin.end(stdinText);
	else stdin.end();
	const controller = new AbortController();
	return {
		stdout,
		stderr,
		stdin,
		env,
		stop: controller.signal,
		out: () => stdout.text,
		err: () => stderr.text,
		stopNow: () => controller.abort(new Error('stopped by the test')),
		waitForErr: (match) => stderr.waitFor(match),
		waitForOut: (match) => stdout.waitFor(match),
	};
}

/** A fresh temporary folder; remove it with `cleanup`. */
export function tempDir(prefix = 'creativeai-cli-'): { path: string; cleanup: () => void } {
	const path = mkdtempSync(join(tmpdir(), prefix));
	return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
