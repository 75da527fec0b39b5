// `creativeai batch <manifest>`: the bulk playbook. One job per manifest row with bounded
// concurrency, one journal line per row event in --out, resumable without paying twice (see
// batchRun.ts for the rules). Exit 0 when every row was submitted (and, with --wait, completed);
// 1 when any row was invalid, refused or failed; the journal says which.
import { Command } from 'commander';

import { CliExit, EXIT_FAILED, EXIT_INTERRUPTED } from '../cliErrors';
import { checkCallbackUrl } from '../connect';
import {
	connectionFor,
	parsePositiveInteger,
	parsePositiveNumber,
	withClient,
	type CommandContext,
} from '../context';
import { createBatchDisplay } from '../batchDisplay';
import { DEFAULT_CONCURRENCY, runBatch } from '../batchRun';
import { DEFAULT_POLL_INTERVAL_SECONDS, DEFAULT_WAIT_TIMEOUT_SECONDS } from '../createFlow';
import { printInfo, printResult } from '../io';

export const DEFAULT_RESULTS_PATH = 'results.jsonl';

interface BatchFlags {
	concurrency: number;
	out: string;
	wait?: boolean;
	webhookUrl?: string;
	allowPrivateCallbacks?: boolean;
	batchId?: string;
	timeout: number;
	pollInterval: number;
}

export function batchCommand(context: CommandContext): Command {
	return new Command('batch')
		.description('Submit one job per row of a CSV or JSONL manifest; resumable')
		.argument('<manifest>', 'a .csv (with a header row) or .jsonl file')
		.option(
			'--concurrency <n>',
			'jobs in flight at once',
			parsePositiveInteger,
			DEFAULT_CONCURRENCY,
		)
		.option('--out <file>', 'results journal (JSONL), appended to', DEFAULT_RESULTS_PATH)
		.option('--wait', 'wait for each job to end before its slot is reused')
		.option('--webhook-url <url>', 'every job POSTs its result here')
		.option('--allow-private-callbacks', 'accept a localhost or private webhook URL')
		.option(
			'--batch-id <id>',
			"part of each row's Idempotency-Key (default: the manifest's file name)",
		)
		.option(
			'--timeout <seconds>',
			'with --wait: per job',
			parsePositiveNumber,
			DEFAULT_WAIT_TIMEOUT_SECONDS,
		)
		.option(
			'--poll-interval <seconds>',
			'with --wait: shortest gap between status checks',
			parsePositiveNumber,
			DEFAULT_POLL_INTERVAL_SECONDS,
		)
		.addHelpText(
			'after',
			[
				'',
				'Columns: id | listing_id | sku (the row key), prompt, image_url, aspect_ratio, duration,',
				'resolution, model, failover; or type=voice with text, voice, language, speed. Other columns',
				'are ignored. Running the same manifest again skips rows the journal has as submitted or',
				'completed (same batch id, row key and request); an edited row is a new job.',
				'',
				'Example:',
				'  creativeai batch examples/listings.csv --concurrency 4 --out results.jsonl --wait',
			].join('\n'),
		)
		.action(async (manifest: string, flags: BatchFlags, self: Command) => {
			const { io } = context;
			const connection = connectionFor(context, self);
			const webhookUrl = checkCallbackUrl(
				flags.webhookUrl,
				connection.baseUrl,
				flags.allowPrivateCallbacks === true,
			);
			const display = createBatchDisplay(io.stderr, Date.now());
			const summary = await withClient(connection, ({ client }) =>
				runBatch({
					client,
					manifestPath: manifest,
					outPath: flags.out,
					concurrency: flags.concurrency,
					batchId: flags.batchId,
					webhookUrl,
					wait:
						flags.wait === true
							? { timeoutMs: flags.timeout * 1000, intervalMs: flags.pollInterval * 1000 }
							: undefined,
					signal: io.stop,
					onEvent: (event) => display.onEvent(event),
				}),
			);
			display.done(summary);
			printInfo(io, `journal: ${flags.out}`);
			printResult(io, JSON.stringify({ ...summary, out: flags.out }));
			if (summary.aborted)
				throw new CliExit(EXIT_INTERRUPTED, 'stopped; run the same command again to resume');
			if (summary.invalid + summary.errors + summary.failed + summary.waitTimedOut > 0) {
				throw new CliExit(EXIT_FAILED);
			}
		});
}
