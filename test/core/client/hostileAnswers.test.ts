// Issue 11, class 2: whatever a server or proxy echoes, and in whatever field, the API key never
// reaches an error's message, stack, own properties or cause chain. fast-check generates hostile
// answers (every error-body shape the client reads, the key in any string field, in
// X-Request-Id, percent-encoded or spelled with JSON \u escapes) and each error is searched the
// ways a user would see it: util.inspect, JSON.stringify and a walk over every property.
import { inspect } from 'node:util';

import fc from 'fast-check';

import { CreativeAiClient } from '../../../src/core/client/client';
import { CreativeAiError } from '../../../src/core/errors';
import type { Transport, TransportResponse } from '../../../src/core/ports';
import { waitForCompletion } from '../../../src/core/wait';
import { fakeTime, OVERALL_MS } from './fakes';

const keyArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/).map((tail) => `rph_live_${tail}`);

/** A JSON string literal that spells `text` with \u escapes only. */
function unicodeEscaped(text: string): string {
	return [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
}

type Spelling = 'plain' | 'percent' | 'unicode';

/** A marker replaced, in the serialised body, by the key in one of its spellings. */
const KEY_MARK = '@@KEY@@';

function spell(key: string, spelling: Spelling): string {
	if (spelling === 'percent') return encodeURIComponent(key);
	if (spelling === 'unicode') return unicodeEscaped(key);
	return key;
}

/** A string that may embed the key: text around the marker, or no key at all. */
const echo = fc
	.tuple(fc.string({ maxLength: 20 }), fc.boolean(), fc.string({ maxLength: 20 }))
	.map(([before, withKey, after]) => (withKey ? `${before}${KEY_MARK}${after}` : before));

const bodyArbitrary = fc.oneof(
	// The contract's own body.
	fc
		.record({
			code: echo,
			message: echo,
			param: echo,
			request_id: echo,
			fields: fc.array(fc.record({ field: echo, message: echo }), { maxLength: 3 }),
		})
		.map((error) => ({ error })),
	// OpenAI's.
	fc
		.record({ message: echo, type: echo, param: fc.option(echo), code: fc.constant(null) })
		.map((error) => ({ error })),
	// FastAPI's.
	echo.map((detail) => ({ detail })),
	fc
		.array(fc.record({ loc: fc.array(fc.oneof(echo, fc.nat(5)), { maxLength: 3 }), msg: echo }), {
			maxLength: 3,
		})
		.map((detail) => ({ detail })),
	// Plain text.
	echo,
);

const answerArbitrary = fc.record({
	status: fc.constantFrom(200, 400, 401, 402, 403, 404, 409, 418, 422, 429, 500, 503),
	body: bodyArbitrary,
	requestIdHeader: fc.option(echo, { nil: undefined }),
	spelling: fc.constantFrom<Spelling>('plain', 'percent', 'unicode'),
});

function serialise(body: unknown, key: string, spelling: Spelling): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	// Inside JSON a \u spelling decodes to the key; in plain text it stays escaped, so use the key.
	const inside = typeof body === 'string' && spelling === 'unicode' ? 'plain' : spelling;
	return text.split(KEY_MARK).join(spell(key, inside));
}

/** Every string reachable from `error`: properties (hidden ones too) and the cause chain. */
function everyString(value: unknown, seen = new Set<unknown>()): string[] {
	if (typeof value === 'string') return [value];
	if (typeof value !== 'object' || value === null || seen.has(value)) return [];
	seen.add(value);
	const out: string[] = [];
	for (const name of Object.getOwnPropertyNames(value)) {
		out.push(name, ...everyString((value as Record<string, unknown>)[name], seen));
	}
	return out;
}

export function expectNoKey(error: unknown, key: string): void {
	const views = [
		inspect(error, { showHidden: true, depth: Infinity }),
		JSON.stringify(error),
		...everyString(error),
	];
	for (const view of views) {
		expect(view).not.toContain(key);
		expect(view).not.toContain(encodeURIComponent(key));
	}
}

function clientAnswering(key: string, answer: TransportResponse): CreativeAiClient {
	const time = fakeTime();
	const transport: Transport = async () => ({ ...answer, headers: { ...answer.headers } });
	return new CreativeAiClient({
		apiKey: key,
		baseUrl: 'https://api.creativeai.test',
		transport,
		sleep: time.sleep,
		clock: time.clock,
		timeouts: { overallMs: OVERALL_MS },
		retry: { maxRetries: 0 },
	});
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to fail');
}

describe('no error carries the API key, whatever the server echoes (issue 11)', () => {
	it('holds for generated hostile error answers in every body shape', async () => {
		await fc.assert(
			fc.asyncProperty(keyArbitrary, answerArbitrary, async (key, answer) => {
				const headers: Record<string, string> = { 'content-type': 'application/json' };
				if (answer.requestIdHeader !== undefined) {
					headers['x-request-id'] = answer.requestIdHeader.split(KEY_MARK).join(key);
				}
				const body = serialise(answer.body, key, answer.spelling);
				const client = clientAnswering(key, { status: answer.status, headers, body });
				const error = await failure(client.getVideo('vgen_123'));
				expect(error).toBeInstanceOf(CreativeAiError);
				expectNoKey(error, key);
			}),
			{ numRuns: 300 },
		);
	});

	it('holds for a failed job whose error_message echoes the key, read by waitForCompletion', async () => {
		await fc.assert(
			fc.asyncProperty(
				keyArbitrary,
				echo,
				fc.constantFrom<Spelling>('plain', 'unicode'),
				async (key, message, spelling) => {
					const job = {
						id: 'vgen_123',
						object: 'video.generation',
						status: 'failed',
						model: 'auto',
						model_actual: null,
						credits: 10,
						failover_used: false,
						output_url: null,
						error_message: `${message}${KEY_MARK}`,
						created_at: '2025-03-01T12:00:00Z',
						completed_at: '2025-03-01T12:01:00Z',
					};
					const body = serialise(job, key, spelling);
					const headers = { 'x-request-id': `req_${key}` };
					const client = clientAnswering(key, { status: 200, headers, body });
					const error = await failure(waitForCompletion(client, 'vgen_123'));
					expect(error).toMatchObject({ code: 'generation_failed' });
					expectNoKey(error, key);
				},
			),
			{ numRuns: 100 },
		);
	});

	it('holds for the causes a transport attaches', async () => {
		const key = 'rph_live_causechain0123456789';
		const transport: Transport = async () => {
			const raw = new Error(`Response does not match the HTTP/1.1 protocol`);
			Object.assign(raw, { data: `HTTP/1.1 2${key} OK`, bytes: Buffer.from(key) });
			const { ConnectionError } = await import('../../../src/core/errors');
			throw new ConnectionError('Could not reach api.creativeai.test (a network error).', {
				cause: raw,
			});
		};
		const time = fakeTime();
		const client = new CreativeAiClient({
			apiKey: key,
			transport,
			sleep: time.sleep,
			clock: time.clock,
			timeouts: { overallMs: OVERALL_MS },
			retry: { maxRetries: 0 },
		});
		const error = await failure(client.getAccount());
		expect(error).toMatchObject({ code: 'connection_failed' });
		expectNoKey(error, key);
		expect(inspect(error, { depth: Infinity })).toContain('[redacted]');
	});
});
