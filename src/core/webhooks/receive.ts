// The receive pipeline every front end calls with the raw request: verify the raw bytes -> parse
// JSON -> validate against the contract -> de-duplicate -> accept. It answers with an outcome and
// the HTTP status to send (see receiveResult.ts); a bad delivery never throws, only misuse does.
//
// Rules it must not break:
// - Nothing is parsed, stored or handled before the signature holds; a forged delivery never
//   touches the store.
// - The de-duplication key comes from the signed body only (see deliveryKey.ts). The unsigned
//   `X-CreativeAI-Delivery-Id` header is checked, never trusted: present and naming another
//   generation than the body, the delivery is refused (400 `delivery_id_mismatch`).
// - Two-phase de-duplication: claim (a lease) -> onEvent -> complete. A handler that throws
//   releases the lease and answers 500, so the sender's retry is processed; a crashed worker's
//   lease lapses after `leaseMs` and lets the retry in.
// - 2xx for duplicates, with one deliberate refinement: the issue asks for "2xx for duplicates",
//   and a delivery whose key is already completed gets 200. But a key another worker holds a live
//   lease on is answered 503 (`in_progress`), not 2xx: that worker has not finished, and if it
//   fails, a 2xx here would have acknowledged a delivery nobody processed. The contract's sender
//   retries 5xx, so the retry lands after the holder completed (200 duplicate) or failed
//   (processed).
// - A store that fails (Redis down) answers 503 (`unavailable`), never 2xx: we do not acknowledge
//   what we could not record. This fails closed where the sender's own de-duplication fails open
//   (seed 000): the sender retries, and after its last attempt the result stays available by GET.
// - Lean on the hot path: no work twice, no await beyond the store's two; bench/receive.bench.ts
//   measures it against a bare HMAC check and breaks the cost down by stage.
import { webhookPayloadSchema, eventOf, WEBHOOK_HEADERS } from '../contract/webhooks';
import { toFieldIssues } from '../contract/validate';
import { MAX_JSON_DEPTH, parseJson } from '../json';
import { assertPositiveMs } from '../dedup/validate';
import {
	CLAIM_LEASE_MS,
	COMPLETED_TTL_MS,
	type ClaimOutcome,
	type DedupStore,
} from '../dedup/store';
import type { Clock } from '../ports';
import type { RawBody } from './bytes';
import { deliveryKey } from './deliveryKey';
import { getLowerCaseHeader, type HeadersLike } from './headers';
import {
	acceptedResult,
	deliveryIdMismatchResult,
	duplicateResult,
	failedResult,
	inProgressResult,
	invalidJsonResult,
	invalidPayloadResult,
	signatureRejected,
	tooDeepResult,
	unavailableResult,
	type ReceivedEvent,
	type ReceiveResult,
} from './receiveResult';
import type { WebhookScheme } from './scheme';
import type { Secrets } from './secrets';
import { STANDARD_HEADERS } from './standard';
import { verifyWebhook } from './verify';

export interface ReceiveWebhookInput {
	/** The raw request body exactly as received (n8n `req.rawBody`, Zapier `rawRequest.content`). */
	rawBody: RawBody;
	headers: HeadersLike;
	/** One secret, or several during a key rotation. */
	secrets: Secrets;
	/** Default `creativeai`. */
	scheme?: WebhookScheme;
	/** Where claims and completions are kept; its keys are `<generation id>:<status>`. */
	store: DedupStore;
	/** Milliseconds since the epoch; required by `standard`. */
	clock?: Clock;
	/** `standard` only: allowed distance between the timestamp and the clock. */
	toleranceSeconds?: number;
	/**
	 * How long a claim holds if its worker never completes or releases it (default
	 * `CLAIM_LEASE_MS`, 25 s, which lapses before the sender's third try). A longer lease turns a
	 * crash mid-handler into 503s for every retry, leaving the event to polling.
	 */
	leaseMs?: number;
	/** How long a completed delivery is remembered. */
	ttlMs?: number;
	/**
	 * Runs between claim and complete; throwing makes the outcome `failed` (500) so the sender
	 * retries. Without it the delivery is completed at once and the caller acts on `accepted`
	 * after answering (the n8n trigger emits its item that way).
	 */
	onEvent?: (event: ReceivedEvent) => Promise<void> | void;
}

// Fatal: bytes that are not UTF-8 are not JSON (RFC 8259), so they are refused rather than read
// with replacement characters. One decoder serves every call; `decode` keeps no state between calls.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks and de-duplicates one webhook delivery; see the file comment for the rules.
 * Resolves to a `ReceiveResult` for every delivery, however malformed or forged.
 * Rejects with TypeError only for misuse: no store, a body that is not raw bytes or a string, no
 * secrets, an unknown scheme, no clock for `standard`, a non-function `onEvent`; with RangeError
 * for a `leaseMs` or `ttlMs` that is not a positive number of milliseconds.
 */
export async function receiveWebhook(input: ReceiveWebhookInput): Promise<ReceiveResult> {
	const {
		rawBody,
		headers,
		scheme = 'creativeai',
		store,
		leaseMs = CLAIM_LEASE_MS,
		ttlMs = COMPLETED_TTL_MS,
		onEvent,
	} = input;
	assertStore(store);
	if (onEvent !== undefined && typeof onEvent !== 'function') {
		throw new TypeError('receiveWebhook: onEvent must be a function.');
	}
	assertPositiveMs(leaseMs, 'leaseMs');
	assertPositiveMs(ttlMs, 'ttlMs');

	const verified = verifyWebhook({
		scheme,
		body: rawBody,
		headers,
		secrets: input.secrets,
		clock: input.clock,
		toleranceSeconds: input.toleranceSeconds,
	});
	if (!verified.ok) return signatureRejected(verified.reason);

	const json = parseBody(rawBody);
	if (json === INVALID_JSON) return invalidJsonResult();
	if (json === TOO_DEEP) return tooDeepResult(TOO_DEEP_ISSUES);
	const parsed = webhookPayloadSchema.safeParse(json);
	if (!parsed.success) return invalidPayloadResult(toFieldIssues(parsed.error));
	const payload = parsed.data;
	const generationId = payload.id;

	const headerId = getLowerCaseHeader(headers, WEBHOOK_HEADERS.deliveryId);
	if (headerId !== undefined && headerId.trim() !== generationId) {
		return deliveryIdMismatchResult();
	}

	const key = deliveryKey(payload);
	let claimed: ClaimOutcome;
	try {
		claimed = await store.claim(key, leaseMs);
	} catch (error) {
		return unavailableResult(key, generationId, error, false);
	}
	if (claimed === 'completed') return duplicateResult(key, generationId);
	if (claimed === 'in_progress') return inProgressResult(key, generationId);
	if (claimed !== 'claimed') {
		const error = new TypeError(`receiveWebhook: the store's claim answered ${String(claimed)}.`);
		return unavailableResult(key, generationId, error, false);
	}

	const event: ReceivedEvent = {
		key,
		generationId,
		status: payload.status,
		event: eventOf(payload),
		payload,
		deliveryId: scheme === 'standard' ? standardId(headers, generationId) : generationId,
		receivedVia: scheme,
		secretIndex: verified.secretIndex,
	};
	if (onEvent !== undefined) {
		try {
			await onEvent(event);
		} catch (error) {
			return failedResult(key, generationId, error, await releaseQuietly(store, key));
		}
	}
	try {
		await store.complete(key, ttlMs);
	} catch (error) {
		// Not handled yet: free the key so the sender's retry need not wait out the lease. Handled:
		// keep the lease, so the retry is not handled a second time at once.
		if (onEvent === undefined) await releaseQuietly(store, key);
		return unavailableResult(key, generationId, error, onEvent !== undefined);
	}
	return acceptedResult(event);
}

const INVALID_JSON = Symbol('invalid JSON');
const TOO_DEEP = Symbol('nested too deeply');

/**
 * The body as data (no `__proto__` keys, see ../json), INVALID_JSON, or TOO_DEEP for JSON nested
 * deeper than MAX_JSON_DEPTH: refused with a reason rather than accepted and left to overflow the
 * stack of whatever prints it, which would answer 500 on every retry.
 */
function parseBody(rawBody: RawBody): unknown {
	let text: string;
	try {
		text = typeof rawBody === 'string' ? rawBody : utf8.decode(rawBody);
	} catch {
		return INVALID_JSON;
	}
	const parsed = parseJson(text);
	if (parsed.ok) return parsed.value;
	return parsed.reason === 'too_deep' ? TOO_DEEP : INVALID_JSON;
}

const TOO_DEEP_ISSUES = [
	{ field: '(body)', message: `nests objects or arrays more than ${MAX_JSON_DEPTH} deep` },
] as const;

/** The signed `webhook-id` (verification already refused a delivery without one). */
function standardId(headers: HeadersLike, fallback: string): string {
	return getLowerCaseHeader(headers, STANDARD_HEADERS.id)?.trim() || fallback;
}

/** Releases `key`; resolves to what the store threw, if it did, rather than throwing it. */
async function releaseQuietly(store: DedupStore, key: string): Promise<unknown> {
	try {
		await store.release(key);
		return undefined;
	} catch (error) {
		return error ?? new Error('release failed');
	}
}

function assertStore(store: unknown): asserts store is DedupStore {
	const candidate = store as Partial<DedupStore> | null | undefined;
	if (
		typeof candidate?.claim !== 'function' ||
		typeof candidate.complete !== 'function' ||
		typeof candidate.release !== 'function'
	) {
		throw new TypeError(
			'receiveWebhook: store must be a DedupStore (claim, complete, release), e.g. a MemoryDedupStore.',
		);
	}
}
