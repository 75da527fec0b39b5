// End to end, over real HTTP on loopback: the Node CreativeAiClient drives every endpoint of the
// contract against the sandbox, each error path surfaces as its typed error, and every answer the
// sandbox gave (each retry included) and every webhook it sent matches the published
// docs/openapi.json. The file's last tests check the recordings the earlier ones made.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { request } from 'undici';

import { endpoints, type OpenApiDocument, type EndpointSpec } from '../../src/core/contract';
import { MemoryDedupStore } from '../../src/core/dedup';
import {
	AuthenticationError,
	GenerationFailedError,
	IdempotencyConflictError,
	InsufficientCreditsError,
	NotFoundError,
	ValidationError,
} from '../../src/core/errors';
import type { Transport } from '../../src/core/ports';
import { waitForCompletion } from '../../src/core/wait';
import { CreativeAiClient } from '../../src/runtime/client';
import { createSandbox, type Sandbox } from '../../src/runtime/sandbox';
import { systemClock } from '../../src/runtime/timers';
import { createUndiciTransport, type UndiciTransport } from '../../src/runtime/transport/undici';
import { componentValidator, responseValidator } from '../support/openapiResponses';
import { recordingTransport, type RecordedResponse } from './support/recordingTransport';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhookReceiver';

const DOCUMENT = JSON.parse(
	readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8'),
) as OpenApiDocument;

/** A 3-minute render takes 0.36 s: quick, yet long enough to see a job still running. */
const TIME_SCALE = 500;
/** Polls often, since a service second lasts 2 ms here. */
const POLL_INTERVAL_MS = 50;
const WAIT_TIMEOUT_MS = 20_000;
/** A model whose provider refuses every submission in this sandbox, to get a failed job. */
const FAILING_MODEL = 'kling-o3-pro';
const VIDEO = { model: 'kling-v3', prompt: 'A paper boat on a pond', duration: 5 } as const;
const VOICE = { text: 'Your launch assets are rendering now.', voice: 'alloy' } as const;
const WRONG_KEY = 'rph_test_not_a_real_key_42';
/** Link-local metadata address: refused even with the sandbox's private-callback opt-in. */
const METADATA_URL = 'http://169.254.169.254/latest/meta-data/';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		(value) => {
			throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
		},
		(error: unknown) => error,
	);
}

async function download(url: string) {
	const response = await request(url);
	const bytes = Buffer.from(await response.body.arrayBuffer());
	return { status: response.statusCode, headers: response.headers, bytes };
}

function pathPattern(spec: EndpointSpec): RegExp {
	return new RegExp(`^${spec.path.replace('{id}', '[^/]+')}$`);
}

describe('the core client against the sandbox, over HTTP', () => {
	let sandbox: Sandbox;
	let receiver: WebhookReceiver;
	let undici: UndiciTransport;
	let responses: RecordedResponse[];
	let transport: Transport;
	let client: CreativeAiClient;

	const clientWith = (options: { apiKey?: string; baseUrl?: string; transport?: Transport }) =>
		new CreativeAiClient({
			apiKey: options.apiKey ?? sandbox.apiKey,
			baseUrl: options.baseUrl ?? sandbox.url,
			transport: options.transport ?? transport,
		});

	beforeAll(async () => {
		sandbox = await createSandbox({
			timeScale: TIME_SCALE,
			seed: 7,
			allowPrivateCallbacks: true,
			webhookTimeoutMs: 5_000,
			faults: { providerSubmitErrorRate: { [FAILING_MODEL]: 1 } },
		});
		receiver = await startWebhookReceiver({
			secrets: sandbox.apiKey,
			store: new MemoryDedupStore({ clock: systemClock }),
		});
		undici = createUndiciTransport();
		({ transport, responses } = recordingTransport(undici));
		client = clientWith({});
	});

	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
		await undici.close();
	});

	describe('video', () => {
		it('createVideo without a webhook_url answers a pending job that getVideo then finds', async () => {
			const created = await client.createVideo(VIDEO);
			expect(created).toMatchObject({ object: 'video.generation', status: 'pending' });
			expect(created.id).toMatch(/^vgen_/);

			const fetched = await client.getVideo(created.id);
			expect(fetched.id).toBe(created.id);
			expect(fetched.model).toBe(VIDEO.model);
		});

		it('waitForCompletion resolves with an output_url whose file downloads as video/mp4', async () => {
			const created = await client.createVideo(VIDEO);
			const done = await waitForCompletion(client, created, {
				intervalMs: POLL_INTERVAL_MS,
				timeoutMs: WAIT_TIMEOUT_MS,
			});
			expect(done.status).toBe('completed');
			expect(done.output_url).toEqual(expect.any(String));

			const file = await download(done.output_url as string);
			expect(file.status).toBe(200);
			expect(file.headers['content-type']).toBe('video/mp4');
			expect(file.bytes.length).toBe(Number(file.headers['content-length']));
			// An MP4 starts with its `ftyp` box: the bytes are a video, not an error page.
			expect(file.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
		});

		it('createVideo with a webhook_url gets its terminal event delivered, signed and accepted', async () => {
			const created = await client.createVideo({ ...VIDEO, webhook_url: receiver.url });
			await waitForCompletion(client, created, {
				intervalMs: POLL_INTERVAL_MS,
				timeoutMs: WAIT_TIMEOUT_MS,
			});
			await sandbox.idleDeliveries();

			const mine = receiver.deliveries.filter((d) => JSON.parse(d.body).id === created.id);
			expect(mine.map((d) => d.outcome)).toEqual(['accepted']);
			expect(JSON.parse(mine[0].body)).toMatchObject({ id: created.id, status: 'completed' });
			expect(mine[0].headers['x-creativeai-event']).toBe('video.generation.completed');
		});

		it('a job whose providers refuse it fails: waitForCompletion throws and the webhook says failed', async () => {
			const created = await client.createVideo({
				...VIDEO,
				model: FAILING_MODEL,
				failover: false,
				webhook_url: receiver.url,
			});
			const error = await rejectionOf(
				waitForCompletion(client, created, {
					intervalMs: POLL_INTERVAL_MS,
					timeoutMs: WAIT_TIMEOUT_MS,
				}),
			);
			expect(error).toBeInstanceOf(GenerationFailedError);
			expect((error as GenerationFailedError).generationId).toBe(created.id);

			await sandbox.idleDeliveries();
			const mine = receiver.deliveries.filter((d) => JSON.parse(d.body).id === created.id);
			expect(mine).toHaveLength(1);
			expect(JSON.parse(mine[0].body)).toMatchObject({ status: 'failed', output_url: null });
		});

		it('listVideos pages newest first with limit and starting_after, each job exactly once', async () => {
			await Promise.all([1, 2, 3].map(() => client.createVideo(VIDEO)));
			await sandbox.settled();
			const expected = sandbox
				.jobs()
				.filter((job) => job.kind === 'video')
				.map((job) => job.id);

			const seen: string[] = [];
			let startingAfter: string | undefined;
			for (;;) {
				const page = await client.listVideos({ limit: 2, starting_after: startingAfter });
				expect(page.data.length).toBeLessThanOrEqual(2);
				seen.push(...page.data.map((job) => job.id));
				if (!page.has_more) break;
				startingAfter = page.data[page.data.length - 1].id;
			}
			expect(seen).toEqual(expected);
		});

		it('listVideos with a status returns exactly the jobs in that status', async () => {
			await sandbox.settled();
			const jobs = sandbox.jobs().filter((job) => job.kind === 'video');
			for (const status of ['completed', 'failed'] as const) {
				const listed = await client.listVideos({ status, limit: 100 });
				expect(listed.data.every((job) => job.status === status)).toBe(true);
				expect(listed.data.map((job) => job.id)).toEqual(
					jobs.filter((job) => job.status === status).map((job) => job.id),
				);
			}
			expect(jobs.some((job) => job.status === 'failed')).toBe(true);
		});

		it('listVideos refuses an unknown starting_after with a ValidationError naming it', async () => {
			const error = await rejectionOf(client.listVideos({ starting_after: 'vgen_unknown' }));
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).status).toBe(400);
			expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['starting_after']);
		});
	});

	describe('voice', () => {
		it('createVoice, getVoice and waitForCompletion give a downloadable audio/wav file', async () => {
			const created = await client.createVoice({ ...VOICE, webhook_url: receiver.url });
			expect(created).toMatchObject({ object: 'voice.generation', status: 'pending' });

			const fetched = await client.getVoice(created.id);
			expect(fetched).toMatchObject({ id: created.id, voice: VOICE.voice });

			const done = await waitForCompletion(client, created, {
				intervalMs: POLL_INTERVAL_MS,
				timeoutMs: WAIT_TIMEOUT_MS,
			});
			const file = await download(done.output_url as string);
			expect(file.status).toBe(200);
			expect(file.headers['content-type']).toBe('audio/wav');
			expect(file.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');

			await sandbox.idleDeliveries();
			const mine = receiver.deliveries.filter((d) => JSON.parse(d.body).id === created.id);
			expect(mine.map((d) => d.headers['x-creativeai-event'])).toEqual([
				'voice.generation.completed',
			]);
		});
	});

	describe('webhook subscriptions', () => {
		it('create, list and delete a subscription, which receives events while it exists', async () => {
			const url = `${receiver.url}?via=subscription`;
			const subscription = await client.createWebhookSubscription({
				url,
				events: ['generation.completed'],
			});
			expect(subscription).toMatchObject({ url, events: ['generation.completed'] });
			const listed = await client.listWebhookSubscriptions();
			expect(listed.data.map((s) => s.id)).toContain(subscription.id);

			const created = await client.createVideo(VIDEO);
			await waitForCompletion(client, created, {
				intervalMs: POLL_INTERVAL_MS,
				timeoutMs: WAIT_TIMEOUT_MS,
			});
			await sandbox.idleDeliveries();
			const viaSubscription = sandbox
				.deliveries({ generationId: created.id })
				.filter((entry) => entry.source === 'subscription');
			expect(viaSubscription.map((entry) => entry.outcome)).toEqual(['delivered']);

			await client.deleteWebhookSubscription(subscription.id);
			const after = await client.listWebhookSubscriptions();
			expect(after.data.map((s) => s.id)).not.toContain(subscription.id);
		});

		it('deleting a subscription that does not exist is a NotFoundError naming its id', async () => {
			const error = await rejectionOf(client.deleteWebhookSubscription('wh_missing'));
			expect(error).toBeInstanceOf(NotFoundError);
			expect((error as NotFoundError).message).toContain('wh_missing');
		});

		it('a subscription to a metadata address is refused with a ValidationError on url', async () => {
			const error = await rejectionOf(
				client.createWebhookSubscription({ url: METADATA_URL, events: ['generation.failed'] }),
			);
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['url']);
		});
	});

	describe('account', () => {
		it('getAccount reports the balance the ledger holds', async () => {
			await sandbox.settled();
			const account = await client.getAccount();
			expect(account.credits_balance).toBe(sandbox.balance());
		});
	});

	describe('error paths', () => {
		it('a wrong key is an AuthenticationError that never quotes the key', async () => {
			const before = responses.length;
			const error = await rejectionOf(clientWith({ apiKey: WRONG_KEY }).getAccount());
			expect(error).toBeInstanceOf(AuthenticationError);
			expect((error as AuthenticationError).status).toBe(401);
			expect(String(error)).not.toContain(WRONG_KEY);
			expect((error as Error).stack).not.toContain(WRONG_KEY);
			// A 401 is final: one request, no retries with a key that cannot work.
			expect(responses.length - before).toBe(1);
		});

		it('an unknown id is a NotFoundError naming the id, for video and voice', async () => {
			const video = await rejectionOf(client.getVideo('vgen_does_not_exist'));
			expect(video).toBeInstanceOf(NotFoundError);
			expect((video as NotFoundError).message).toContain('vgen_does_not_exist');
			const voice = await rejectionOf(client.getVoice('voice_does_not_exist'));
			expect(voice).toBeInstanceOf(NotFoundError);
			expect((voice as NotFoundError).resourceId).toBe('voice_does_not_exist');
		});

		it("a body the server refuses is a ValidationError naming the server's fields", async () => {
			// The client validates before sending, so a transport that rewrites the body after that
			// check stands in for an older client build or a meddling proxy.
			const tampering: Transport = (req) =>
				transport({
					...req,
					body: JSON.stringify({
						...JSON.parse(req.body ?? '{}'),
						duration: 999,
						resolution: '8k',
					}),
				});
			const jobsBefore = sandbox.jobs().length;
			const error = await rejectionOf(clientWith({ transport: tampering }).createVideo(VIDEO));
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).status).toBe(422);
			expect((error as ValidationError).fields.map((f) => f.field).sort()).toEqual([
				'duration',
				'resolution',
			]);
			expect(sandbox.jobs()).toHaveLength(jobsBefore);
		});

		it('an unsafe webhook_url is refused: ValidationError on webhook_url, no job, no charge', async () => {
			await sandbox.settled();
			const jobsBefore = sandbox.jobs().length;
			const balanceBefore = sandbox.balance();
			const error = await rejectionOf(client.createVideo({ ...VIDEO, webhook_url: METADATA_URL }));
			expect(error).toBeInstanceOf(ValidationError);
			expect((error as ValidationError).status).toBe(422);
			expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['webhook_url']);
			expect(sandbox.jobs()).toHaveLength(jobsBefore);
			expect(sandbox.balance()).toBe(balanceBefore);
		});

		it('the same Idempotency-Key returns the first job; with another body it is a 409 conflict', async () => {
			const key = 'e2e-idempotency-1';
			const first = await client.createVideo(VIDEO, { idempotencyKey: key });
			const again = await client.createVideo(VIDEO, { idempotencyKey: key });
			expect(again.id).toBe(first.id);
			const debits = sandbox
				.ledger()
				.filter((entry) => entry.kind === 'debit' && entry.generation_id === first.id);
			expect(debits).toHaveLength(1);

			const error = await rejectionOf(
				client.createVideo({ ...VIDEO, prompt: 'Another boat' }, { idempotencyKey: key }),
			);
			expect(error).toBeInstanceOf(IdempotencyConflictError);
			expect((error as IdempotencyConflictError).status).toBe(409);
		});

		it('too few credits is an InsufficientCreditsError that creates and charges nothing', async () => {
			const poor = await createSandbox({ timeScale: TIME_SCALE, initialCredits: 4 });
			try {
				const poorClient = clientWith({ apiKey: poor.apiKey, baseUrl: poor.url });
				await poorClient.createVideo(VIDEO);
				const error = await rejectionOf(poorClient.createVideo(VIDEO));
				expect(error).toBeInstanceOf(InsufficientCreditsError);
				expect((error as InsufficientCreditsError).status).toBe(402);
				expect(poor.jobs()).toHaveLength(1);
				expect(poor.balance()).toBe(1);
			} finally {
				await poor.close();
			}
		});
	});

	describe('against docs/openapi.json', () => {
		it('every endpoint of the contract was called and answered its success status', () => {
			const missing = Object.values(endpoints as Record<string, EndpointSpec>)
				.filter(
					(spec) =>
						!responses.some(
							(r) =>
								r.method === spec.method &&
								r.status === spec.successStatus &&
								pathPattern(spec).test(r.path),
						),
				)
				.map((spec) => spec.operationId);
			expect(missing).toEqual([]);
		});

		it('every response the sandbox gave in this file validates against the document', () => {
			const check = responseValidator(DOCUMENT);
			const statuses = new Set(responses.map((r) => r.status));
			for (const status of [200, 201, 202, 204, 400, 401, 402, 404, 409, 422]) {
				expect(statuses).toContain(status);
			}
			const problems = responses.flatMap((r) => check(r.method, r.path, r.status, r.body).errors);
			expect(problems).toEqual([]);
		});

		it('every webhook payload the receiver got validates as a WebhookPayload', () => {
			const check = componentValidator(DOCUMENT, 'WebhookPayload');
			expect(receiver.deliveries.length).toBeGreaterThanOrEqual(4);
			const problems = receiver.deliveries.flatMap((d) => check(JSON.parse(d.body)).errors);
			expect(problems).toEqual([]);
			expect(receiver.deliveries.every((d) => d.outcome === 'accepted')).toBe(true);
		});
	});
});
