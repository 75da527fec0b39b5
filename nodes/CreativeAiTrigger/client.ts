// A CreativeAiClient over n8n's authenticated HTTP helper, for the trigger's subscription calls.
// Rule: every HTTP status is returned to the core, never thrown; only a request that got no
// answer becomes the core's ConnectionError or AbortedError.
import { sleep, type IHookFunctions } from 'n8n-workflow';

import { AbortedError, ConnectionError, CreativeAiClient, type Transport } from '../../src/core';
import { CREDENTIAL_NAME, type CreativeAiCredentials } from './credentials';

interface FullResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export async function clientFor(context: IHookFunctions): Promise<CreativeAiClient> {
	const credentials = await context.getCredentials<CreativeAiCredentials>(CREDENTIAL_NAME);
	return new CreativeAiClient({
		apiKey: credentials.apiKey,
		baseUrl: credentials.baseUrl || undefined,
		transport: n8nTransport(context),
		sleep: async (ms, signal) => {
			try {
				await sleep(ms, signal);
			} catch (error) {
				throw new AbortedError(undefined, { cause: error });
			}
		},
		clock: Date.now,
	});
}

function n8nTransport(context: IHookFunctions): Transport {
	return async (request) => {
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_NAME,
				{
					method: request.method,
					url: request.url,
					headers: request.headers,
					body: request.body,
					json: false,
					encoding: 'text',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					abortSignal: request.signal,
				},
			)) as FullResponse;
			return {
				status: response.statusCode,
				headers: lowerCaseHeaders(response.headers),
				body: typeof response.body === 'string' ? response.body : String(response.body ?? ''),
			};
		} catch (error) {
			if (request.signal?.aborted) throw new AbortedError();
			const code = (error as { code?: string } | null)?.code;
			throw new ConnectionError(`Could not reach CreativeAI (${code ?? 'network error'}).`, {
				cause: error,
			});
		}
	};
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
	const lower: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		lower[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return lower;
}
