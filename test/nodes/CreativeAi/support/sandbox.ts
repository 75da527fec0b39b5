// A sandbox per test, closed after it, and the credential that points the node at it.
import { CreativeAiClient, createUndiciTransport } from '../../../../src/runtime';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../../../src/runtime/sandbox';
import type { Credentials } from './executeNode';

const open: Sandbox[] = [];

afterEach(async () => {
	await Promise.all(open.splice(0).map((sandbox) => sandbox.close()));
});

/** Fast by default: a 3-minute render takes 0.18 s. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await createSandbox({ timeScale: 1000, ...options });
	open.push(sandbox);
	return sandbox;
}

export function credentialsFor(sandbox: Sandbox, extra: Partial<Credentials> = {}): Credentials {
	return { apiKey: sandbox.apiKey, baseUrl: sandbox.url, ...extra };
}

/** Poll quickly in tests; the UI's minimum is 1 s. */
export const FAST_POLL = { pollIntervalSeconds: 0.02 };

/** Runs `use` with a Node-side client of the sandbox (to set up jobs the way another app would). */
export async function withClient<T>(
	sandbox: Sandbox,
	use: (client: CreativeAiClient) => Promise<T>,
): Promise<T> {
	const transport = createUndiciTransport();
	try {
		return await use(
			new CreativeAiClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, transport }),
		);
	} finally {
		await transport.close();
	}
}
