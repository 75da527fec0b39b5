// Where the CLI finds the API: --base-url/--api-key, else CREATIVEAI_BASE_URL/CREATIVEAI_API_KEY.
// Rule: without a key, stop with exit 2 and say exactly how to get one working (start the
// sandbox, export two lines); never guess a key, never print one that was given.
import { CliExit, EXIT_USAGE } from './cliErrors';

export const ENV_BASE_URL = 'CREATIVEAI_BASE_URL';
export const ENV_API_KEY = 'CREATIVEAI_API_KEY';
export const PRODUCTION_BASE_URL = 'https://api.creativeai.run';
/** The port `creativeai sandbox` listens on by default. */
export const DEFAULT_SANDBOX_PORT = 4010;

export interface ConnectionFlags {
	baseUrl?: string;
	apiKey?: string;
}

export interface Connection {
	baseUrl: string;
	apiKey: string;
}

/** The lines a user exports to point the CLI at a sandbox (or any base URL and key). */
export function envLines(baseUrl: string, apiKey: string): string[] {
	return [`export ${ENV_BASE_URL}=${baseUrl}`, `export ${ENV_API_KEY}=${apiKey}`];
}

export const MISSING_CONNECTION_MESSAGE = [
	'No CreativeAI API key configured.',
	'To try everything locally, start the sandbox in another terminal:',
	'  npx creativeai sandbox',
	'then set the two lines it prints, for the default port:',
	...envLines(`http://127.0.0.1:${DEFAULT_SANDBOX_PORT}`, 'rph_test_sandbox').map((l) => `  ${l}`),
	`For the real service set ${ENV_API_KEY} to your rph_live_ key (${ENV_BASE_URL} defaults to ${PRODUCTION_BASE_URL}),`,
	'or pass --base-url and --api-key.',
].join('\n');

/** Flags win over the environment; blank values count as absent. Throws CliExit(2) without a key. */
export function resolveConnection(
	flags: ConnectionFlags,
	env: Readonly<Record<string, string | undefined>>,
): Connection {
	const apiKey = nonBlank(flags.apiKey) ?? nonBlank(env[ENV_API_KEY]);
	const baseUrl = nonBlank(flags.baseUrl) ?? nonBlank(env[ENV_BASE_URL]);
	if (apiKey === undefined) throw new CliExit(EXIT_USAGE, MISSING_CONNECTION_MESSAGE);
	return { apiKey, baseUrl: baseUrl ?? PRODUCTION_BASE_URL };
}

function nonBlank(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** True when `baseUrl` points at this machine (a sandbox), where loopback callbacks make sense. */
export function isLoopbackBaseUrl(baseUrl: string): boolean {
	try {
		const host = new URL(baseUrl).hostname;
		return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
	} catch {
		return false;
	}
}
