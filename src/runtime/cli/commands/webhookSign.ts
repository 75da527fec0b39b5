// `creativeai webhook sign`: the signature headers for a body, as a sender would attach them.
// Handy to build a test delivery with curl, or to see what a captured one should have carried.
import { randomUUID } from 'node:crypto';

import { Command } from 'commander';

import {
	CREATIVEAI_SIGNATURE_HEADER,
	PRIMARY_SIGNATURE_HEADER,
	signWebhook,
} from '../../../core/webhooks';
import { readBodyArgument } from '../bodyInput';
import { collect, parseInteger, type CommandContext } from '../context';
import { printResult } from '../io';
import { parseScheme, webhookSecrets } from '../webhookSecrets';

/** How header names are shown (signWebhook returns lower case; HTTP does not care). */
const DISPLAY_NAMES: Record<string, string> = {
	[CREATIVEAI_SIGNATURE_HEADER]: 'X-CreativeAI-Signature',
	[PRIMARY_SIGNATURE_HEADER]: 'X-Signature-Primary',
};

interface SignFlags {
	secret?: string[];
	scheme: string;
	id?: string;
	timestamp?: number;
}

export function webhookSignCommand(context: CommandContext): Command {
	return new Command('sign')
		.description('Print the signature headers for a body (a file, or - for stdin)')
		.argument('<body>', 'file holding the exact body bytes, or - to read stdin')
		.option('--secret <secret>', 'signing secret (CreativeAI: your API key)', collect)
		.option('--scheme <scheme>', 'creativeai, standard or primary', 'creativeai')
		.option('--id <id>', 'standard: the message id (default: a new one)')
		.option('--timestamp <seconds>', 'standard: unix seconds (default: now)', parseInteger)
		.addHelpText(
			'after',
			'\nExample:\n  creativeai webhook sign --secret "$CREATIVEAI_API_KEY" delivery.json\n  printf \'%s\' \'{"id":"vgen_1"}\' | creativeai webhook sign --secret s3cret -',
		)
		.action(async (source: string, flags: SignFlags) => {
			const [secret] = webhookSecrets(context, flags.secret);
			const scheme = parseScheme(flags.scheme);
			const body = await readBodyArgument(context.io, source);
			const headers = signWebhook({
				scheme,
				secret,
				body,
				id: flags.id ?? `msg_${randomUUID().replace(/-/g, '')}`,
				timestampSeconds: flags.timestamp ?? Math.floor(Date.now() / 1000),
			});
			for (const [name, value] of Object.entries(headers)) {
				printResult(context.io, `${DISPLAY_NAMES[name] ?? name}: ${value}`);
			}
		});
}
