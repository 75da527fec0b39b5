// The client a command talks through: the Node CreativeAiClient on an undici transport this
// command owns, so `close()` frees its sockets and the process can exit as soon as it is done.
// Also the callback-URL check every create runs before submitting.
// Rule: a webhook URL the service would refuse is refused here, with the policy's reason, before
// anything is paid for; loopback callbacks pass only against a loopback (sandbox) base URL or
// with --allow-private-callbacks.
import { assertSafeWebhookUrl } from '../../core/url';
import { CreativeAiClient } from '../client';
import { createUndiciTransport } from '../transport/undici';
import { isLoopbackBaseUrl, type Connection } from './config';

export const CLI_USER_AGENT = 'creativeai-cli/0.1.0';

export interface Connected {
	client: CreativeAiClient;
	connection: Connection;
	close(): Promise<void>;
}

export function connect(connection: Connection): Connected {
	const transport = createUndiciTransport();
	const client = new CreativeAiClient({
		apiKey: connection.apiKey,
		baseUrl: connection.baseUrl,
		transport,
		userAgent: CLI_USER_AGENT,
	});
	return { client, connection, close: () => transport.close() };
}

/**
 * The normalised webhook URL, or undefined when none was given. Throws UnsafeCallbackUrlError
 * with the policy's reason for a URL the service would refuse.
 */
export function checkCallbackUrl(
	url: string | undefined,
	baseUrl: string,
	allowPrivateFlag: boolean,
): string | undefined {
	if (url === undefined) return undefined;
	const allowPrivate = allowPrivateFlag || isLoopbackBaseUrl(baseUrl);
	return assertSafeWebhookUrl(url, { allowPrivate });
}
