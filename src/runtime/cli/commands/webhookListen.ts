// `creativeai webhook listen`: a local receiver on the core's receive pipeline. Each verified
// delivery is printed to stdout as one JSON line; forged ones are answered 401 with a warning on
// stderr; duplicates are answered 200 and noted once on stderr. De-duplication is in memory, or
// shared through Redis with --redis (several receivers behind one URL).
// Rule: a delivery counts as handled only once its line is printed: the printing runs inside the
// pipeline's claim, so a failed print releases the claim and answers 500, and the sender retries.
// Rule: a closed stdout (`webhook listen | head -c 1`) never kills the receiver: a write that
// fails (EPIPE) fails that delivery's print, which answers 500, and the stream's error event is
// handled here, not left to crash the process; stderr says so once.
// Rule: a Redis that stops answering never hangs a delivery or Ctrl-C: every command has a
// deadline (the delivery is then answered 503, so the sender retries) and shutdown drops the
// socket when QUIT gets no reply.
import { setTimeout as delay } from 'node:timers/promises';

import { Command } from 'commander';
import { Redis } from 'ioredis';

import { MemoryDedupStore, type DedupStore } from '../../../core/dedup';
import type { ReceivedEvent, ReceiveResult } from '../../../core/webhooks';
import { RedisDedupStore } from '../../redisDedupStore';
import { systemClock } from '../../timers';
import { redact } from '../cliErrors';
import { collect, parsePort, type CommandContext } from '../context';
import { printInfo, untilStopped } from '../io';
import { LinePrinter } from '../linePrinter';
import { DEFAULT_RECEIVER_PATH, startReceiverServer, type DeliverySource } from '../receiverServer';
import { parseScheme, webhookSecrets } from '../webhookSecrets';

export const DEFAULT_LISTEN_PORT = 8787;
/** A Redis command unanswered this long fails, and its delivery is answered 503. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** Queued attempts per command while Redis reconnects, before it fails (and answers 503). */
const REDIS_MAX_RETRIES_PER_REQUEST = 1;
/** How long shutdown waits for Redis to answer QUIT before dropping the connection. */
const REDIS_QUIT_GRACE_MS = 1_000;

interface ListenFlags {
	port: number;
	host: string;
	secret?: string[];
	scheme: string;
	redis?: string;
	path: string;
	quiet?: boolean;
}

export function webhookListenCommand(context: CommandContext): Command {
	return new Command('listen')
		.description('Receive, verify and de-duplicate deliveries; print each verified one as JSON')
		.option('--port <port>', 'port to listen on (0: any free port)', parsePort, DEFAULT_LISTEN_PORT)
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--secret <secret>', 'signing secret; repeat during a key rotation', collect)
		.option('--scheme <scheme>', 'creativeai, standard or primary', 'creativeai')
		.option('--redis <url>', 'share de-duplication through Redis, e.g. redis://127.0.0.1:6379')
		.option('--path <path>', 'path shown in the URL (any path is accepted)', DEFAULT_RECEIVER_PATH)
		.option('--quiet', 'print nothing per delivery (verify and de-duplicate only); counts on stop')
		.addHelpText(
			'after',
			'\nExample:\n  creativeai webhook listen --port 8787 --secret "$CREATIVEAI_API_KEY"\n  creativeai video create --prompt "..." --webhook-url http://127.0.0.1:8787/webhooks/creativeai',
		)
		.action(async (flags: ListenFlags) => {
			const { io } = context;
			const secrets = webhookSecrets(context, flags.secret);
			const scheme = parseScheme(flags.scheme);
			const redis =
				flags.redis === undefined
					? undefined
					: new Redis(flags.redis, {
							commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
							maxRetriesPerRequest: REDIS_MAX_RETRIES_PER_REQUEST,
						});
			// ioredis reconnects by itself; say once that Redis is unreachable (deliveries are then
			// answered 503, so the sender retries) instead of letting it print every attempt.
			let redisWarned = false;
			redis?.on('error', (error: Error) => {
				if (redisWarned) return;
				redisWarned = true;
				printInfo(
					io,
					redact(
						`warning: Redis is unreachable (${error.message}); deliveries get 503 until it is back`,
						context.secrets,
					),
				);
			});
			redis?.on('ready', () => (redisWarned = false));
			const store: DedupStore =
				redis === undefined
					? new MemoryDedupStore({ clock: systemClock })
					: new RedisDedupStore({ redis });
			const unwatch = watchStreamErrors(context);
			const printer = new LinePrinter(io.stdout);
			try {
				const server = await startReceiverServer({
					port: flags.port,
					host: flags.host,
					path: flags.path,
					secrets,
					scheme,
					store,
					clock: systemClock,
					onEvent: flags.quiet ? undefined : (event) => printer.print(eventLine(event)),
					onResult: flags.quiet ? undefined : (result, from) => report(context, result, from),
					onError: (error) =>
						printInfo(
							io,
							redact(
								`error: ${error instanceof Error ? error.message : String(error)}`,
								context.secrets,
							),
						),
				});
				printInfo(
					io,
					`listening on ${server.url} (scheme ${scheme}, de-duplication ${redis === undefined ? 'in memory' : 'in Redis'}); Ctrl-C to stop`,
				);
				await untilStopped(io.stop);
				await server.close();
				const { accepted, duplicates, forged, malformed, retryLater } = server.stats;
				printInfo(
					io,
					`stopped: ${accepted} verified, ${duplicates} duplicates suppressed, ${forged} forged rejected, ${malformed} malformed, ${retryLater} asked to retry`,
				);
			} finally {
				unwatch();
				if (redis !== undefined) await closeRedis(redis);
			}
		});
}

/**
 * Handles the error events of stdout and stderr while listening: without a listener, an EPIPE
 * from a reader that went away is thrown as an uncaught exception. The failed write itself
 * rejects its delivery's print (500, the sender retries). Returns the function that stops it.
 */
function watchStreamErrors(context: CommandContext): () => void {
	const { io } = context;
	let warned = false;
	const onStdoutError = (error: Error): void => {
		if (warned) return;
		warned = true;
		const code = (error as { code?: unknown }).code;
		printInfo(
			io,
			`warning: stdout is closed (${typeof code === 'string' ? code : error.message}); deliveries are answered 500 until it can be written again`,
		);
	};
	// stderr has nobody left to tell.
	const onStderrError = (): void => undefined;
	io.stdout.on('error', onStdoutError);
	io.stderr.on('error', onStderrError);
	return () => {
		io.stdout.removeListener('error', onStdoutError);
		io.stderr.removeListener('error', onStderrError);
	};
}

/**
 * QUIT lets Redis finish what it was sent, but its reply never comes from a Redis that went
 * silent or is unreachable: wait a moment for it, then drop the connection either way.
 */
async function closeRedis(redis: Redis): Promise<void> {
	if (redis.status === 'ready') {
		const grace = new AbortController();
		await Promise.race([
			redis.quit().catch(() => undefined),
			delay(REDIS_QUIT_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined),
		]);
		grace.abort();
	}
	if (redis.status !== 'end') redis.disconnect();
}

/** The stdout line of a verified delivery. */
function eventLine(event: ReceivedEvent): string {
	return JSON.stringify({
		received_at: new Date().toISOString(),
		event: event.event,
		generation_id: event.generationId,
		status: event.status,
		delivery_id: event.deliveryId,
		key: event.key,
		payload: event.payload,
	});
}

/** Notes each answer on stderr; a verified delivery was already printed by onEvent. */
function report(context: CommandContext, result: ReceiveResult, from: DeliverySource): void {
	const { io } = context;
	switch (result.outcome) {
		case 'accepted':
			return;
		case 'duplicate':
			printInfo(io, `duplicate of ${result.key} suppressed (answered 200)`);
			return;
		case 'rejected':
			printInfo(
				io,
				`warning: rejected a delivery from ${from.remoteAddress} to ${from.path}: ${result.reason}${fieldsOf(result)} (answered ${result.status})${result.status === 401 ? ' — forged, or signed with another secret' : ''}`,
			);
			return;
		default:
			printInfo(
				io,
				`${result.outcome}: ${result.key}; answered ${result.status} so the sender retries`,
			);
	}
}

/** Fields quoted from a refused payload. */
const MAX_FIELDS_QUOTED = 3;

/** ` (prompt: ...; ...)` for a rejection that names fields, else nothing. */
function fieldsOf(result: ReceiveResult): string {
	if (!('fields' in result) || result.fields.length === 0) return '';
	const quoted = result.fields
		.slice(0, MAX_FIELDS_QUOTED)
		.map((issue) => `${issue.field}: ${issue.message}`);
	return ` (${quoted.join('; ')})`;
}
