// The secrets and scheme of the webhook commands. CreativeAI signs with the account's API key,
// so `--secret` falls back to CREATIVEAI_WEBHOOK_SECRET and then CREATIVEAI_API_KEY.
// Rule: every secret is registered for redaction the moment it is read.
import { webhookSchemeSchema, type WebhookScheme } from '../../core/webhooks';
import { CliExit, EXIT_USAGE } from './cliErrors';
import { ENV_API_KEY } from './config';
import type { CommandContext } from './context';

export const ENV_WEBHOOK_SECRET = 'CREATIVEAI_WEBHOOK_SECRET';

/** `--secret` values (several during a key rotation), or the environment's. */
export function webhookSecrets(context: CommandContext, given: string[] | undefined): string[] {
	const env = context.io.env;
	const fromEnv = [env[ENV_WEBHOOK_SECRET], env[ENV_API_KEY]].find(
		(value) => value !== undefined && value.trim() !== '',
	);
	const secrets = given !== undefined && given.length > 0 ? given : fromEnv ? [fromEnv] : [];
	if (secrets.length === 0 || secrets.some((secret) => secret === '')) {
		throw new CliExit(
			EXIT_USAGE,
			`error: give the signing secret with --secret (CreativeAI signs with your API key), or set ${ENV_WEBHOOK_SECRET} or ${ENV_API_KEY}`,
		);
	}
	for (const secret of secrets) context.secrets.add(secret);
	return secrets;
}

export function parseScheme(value: string): WebhookScheme {
	const parsed = webhookSchemeSchema.safeParse(value);
	if (parsed.success) return parsed.data;
	throw new CliExit(
		EXIT_USAGE,
		`error: --scheme must be one of ${webhookSchemeSchema.options.join(', ')}`,
	);
}
