// `creativeai webhook verify`: checks a captured delivery (its body bytes and the headers it
// came with) and exits 0 when the signature holds, 1 with the reason when it does not.
// Rule: the verdict comes from the core's verifyWebhook over the exact bytes of the file; the
// hints only explain the reason, they never loosen the check.
import { Command } from 'commander';

import {
	PRIMARY_SIGNATURE_HEADER,
	STANDARD_HEADERS,
	verifyWebhook,
	type VerifyFailureReason,
	type WebhookScheme,
} from '../../../core/webhooks';
import { readBodyArgument } from '../bodyInput';
import { CliExit, EXIT_FAILED, EXIT_USAGE } from '../cliErrors';
import { collect, parsePositiveNumber, type CommandContext } from '../context';
import { printResult } from '../io';
import { parseScheme, webhookSecrets } from '../webhookSecrets';

interface VerifyFlags {
	secret?: string[];
	header?: string[];
	scheme?: string;
	tolerance?: number;
}

const HINTS: Partial<Record<VerifyFailureReason, string>> = {
	missing_signature: 'no signature header was given: pass it with --header "Name: value"',
	malformed_signature: "the signature header is not in the scheme's form (check --scheme)",
	mismatch:
		'no secret produces this signature over these bytes: a wrong secret, a forged delivery, or a body changed after signing (a pretty-printed copy, or an editor adding a final newline)',
	timestamp_too_old: 'older than the tolerance: a replay, or an old capture (raise --tolerance)',
	timestamp_in_future: "ahead of this machine's clock by more than the tolerance",
};

export function webhookVerifyCommand(context: CommandContext): Command {
	return new Command('verify')
		.description('Check the signature of a captured delivery; exit 0 if valid, 1 if not')
		.argument('<body>', 'file holding the exact body bytes, or - to read stdin')
		.option('--secret <secret>', 'signing secret; repeat to try several', collect)
		.option('--header <header>', "a header as received, 'Name: value'; repeatable", collect)
		.option('--scheme <scheme>', 'creativeai, standard or primary (default: from the headers)')
		.option(
			'--tolerance <seconds>',
			'standard: allowed clock distance (default 300)',
			parsePositiveNumber,
		)
		.addHelpText(
			'after',
			'\nExample:\n  creativeai webhook verify --secret "$CREATIVEAI_API_KEY" \\\n    --header \'X-CreativeAI-Signature: sha256=9f2c...\' delivery.json',
		)
		.action(async (source: string, flags: VerifyFlags) => {
			const secrets = webhookSecrets(context, flags.secret);
			const headers = (flags.header ?? []).map(parseHeader);
			const scheme =
				flags.scheme === undefined ? schemeFromHeaders(headers) : parseScheme(flags.scheme);
			const body = await readBodyArgument(context.io, source);
			const result = verifyWebhook({
				scheme,
				body,
				headers,
				secrets,
				clock: () => Date.now(),
				toleranceSeconds: flags.tolerance,
			});
			if (result.ok) {
				printResult(
					context.io,
					`valid: ${scheme} signature matches secret #${result.secretIndex + 1} (${body.length} bytes)`,
				);
				return;
			}
			const hint = HINTS[result.reason];
			throw new CliExit(
				EXIT_FAILED,
				`invalid: ${result.reason}${hint === undefined ? '' : ` — ${hint}`}`,
			);
		});
}

/**
 * `Name: value` -> [name, value]; the value keeps everything after the first colon. A malformed
 * header is described, never quoted: it may be an Authorization header with a key in it.
 */
export function parseHeader(text: string): [string, string] {
	const colon = text.indexOf(':');
	const name = colon < 0 ? '' : text.slice(0, colon).trim();
	const problem =
		colon < 0
			? 'it has no colon'
			: name === ''
				? 'it has no name before the colon'
				: /\s/.test(name)
					? 'its name (before the colon) contains a space'
					: undefined;
	if (problem !== undefined) {
		throw new CliExit(EXIT_USAGE, `error: --header must look like 'Name: value', but ${problem}`);
	}
	return [name, text.slice(colon + 1).trim()];
}

/** Standard Webhooks and the primary style have headers of their own; CreativeAI otherwise. */
function schemeFromHeaders(headers: [string, string][]): WebhookScheme {
	const names = new Set(headers.map(([name]) => name.toLowerCase()));
	if (names.has(STANDARD_HEADERS.signature)) return 'standard';
	if (names.has(PRIMARY_SIGNATURE_HEADER)) return 'primary';
	return 'creativeai';
}
