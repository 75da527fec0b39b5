// Polls a readiness check until it holds. On timeout the error carries the tail of the process's
// log, which is where the reason is (a port clash, a failed migration).
import { readFileSync } from 'node:fs';

import type { ProcessGroup } from './processGroup';

const POLL_MS = 250;

export async function waitUntil(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs: number,
	group?: ProcessGroup,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (group !== undefined && !group.isRunning()) {
			throw new Error(`${what}: ${group.name} exited\n${logTail(group.logPath)}`);
		}
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	const tail = group === undefined ? '' : `\n${logTail(group.logPath)}`;
	throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s${tail}`);
}

export function logTail(path: string, lines = 30): string {
	try {
		return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return `(no log at ${path})`;
	}
}

/** True when GET `url` answers 200. */
export async function answers200(url: string): Promise<boolean> {
	const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
	await response.arrayBuffer();
	return response.status === 200;
}
