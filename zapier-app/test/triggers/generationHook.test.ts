// Narrow cases of the hook triggers' perform, with no sandbox: deliveries signed here with the
// core's signer, the API base pointed at a host nock owns with no interceptors, so any request
// the perform made would fail the test.
import { createHash } from 'node:crypto';

import { signWebhook } from '../../../src/core';
import { BASE_URL_VARIABLE } from '../../src/baseUrl';
import { app as App, appTester as newTester, type StepOutput } from '../support/app';
import { zapierHookBundle } from '../support/zapierRequest';

const API_KEY = 'rph_live_narrow_case_0001';
const authData = { api_key: API_KEY };
const perform = App.triggers.generationCompleted.operation.perform;

function signedDelivery(overrides: Record<string, unknown> = {}) {
	const body = JSON.stringify({
		id: 'vgen_narrow_0001',
		object: 'video.generation',
		status: 'completed',
		model: 'auto',
		model_actual: 'kling-v3',
		output_url: 'https://files.example.com/vgen_narrow_0001.mp4',
		error_message: null,
		credits: 10,
		failover_used: false,
		completed_at: '2030-01-01T10:00:00.000Z',
		...overrides,
	});
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'x-creativeai-event': 'video.generation.completed',
		'x-creativeai-delivery-id': 'vgen_narrow_0001',
		...signWebhook({ scheme: 'creativeai', secret: API_KEY, body }),
	};
	return { method: 'POST', headers, body };
}

beforeEach(() => {
	process.env[BASE_URL_VARIABLE] = 'https://api.creativeai.test';
});
afterEach(() => {
	delete process.env[BASE_URL_VARIABLE];
});

describe('a hook trigger given a forged delivery', () => {
	it('returns nothing and does not throw when the body was changed after signing', async () => {
		const genuine = signedDelivery();
		const forged = { ...genuine, body: genuine.body.replace('"credits":10', '"credits":0') };
		await expect(newTester()(perform, { authData, ...zapierHookBundle(forged) })).resolves.toEqual(
			[],
		);
	});

	it('returns nothing for a delivery signed with another key', async () => {
		const body = signedDelivery().body;
		const other = {
			...signedDelivery(),
			headers: {
				...signedDelivery().headers,
				...signWebhook({ scheme: 'creativeai', secret: 'rph_live_someone_else', body }),
			},
		};
		await expect(newTester()(perform, { authData, ...zapierHookBundle(other) })).resolves.toEqual(
			[],
		);
	});

	it('returns nothing for a request with no signature or no raw body', async () => {
		const { 'x-creativeai-signature': _dropped, ...unsigned } = signedDelivery().headers;
		const tester = newTester();
		await expect(
			tester(perform, {
				authData,
				...zapierHookBundle({ ...signedDelivery(), headers: unsigned }),
			}),
		).resolves.toEqual([]);
		await expect(
			tester(perform, { authData, cleanedRequest: JSON.parse(signedDelivery().body) }),
		).resolves.toEqual([]);
	});

	it("accepts the genuine delivery in Zapier's renamed-header form", async () => {
		const items = await newTester()<StepOutput[]>(perform, {
			authData,
			...zapierHookBundle(signedDelivery()),
		});
		expect(items).toEqual([
			expect.objectContaining({ id: 'vgen_narrow_0001', status: 'completed' }),
		]);
	});
});

describe('a hook trigger given a duplicate delivery', () => {
	it('triggers once for two copies of one delivery, and again for the next generation', async () => {
		const tester = newTester();
		const first = zapierHookBundle(signedDelivery());
		await expect(tester(perform, { authData, ...first })).resolves.toHaveLength(1);
		await expect(tester(perform, { authData, ...first })).resolves.toEqual([]);
		const next = zapierHookBundle(
			signedDelivery({ id: 'vgen_narrow_0002', output_url: 'https://files.example.com/2.mp4' }),
		);
		// The unsigned delivery-id header names the first job; the pipeline refuses the mismatch.
		next.rawRequest.headers['Http-X-Creativeai-Delivery-Id'] = 'vgen_narrow_0002';
		await expect(tester(perform, { authData, ...next })).resolves.toHaveLength(1);
	});

	it('keeps zaps apart: the same delivery triggers each zap once', async () => {
		const tester = newTester();
		const delivery = zapierHookBundle(signedDelivery());
		const zapA = { authData, meta: { zap: { id: 101 } }, ...delivery };
		const zapB = { authData, meta: { zap: { id: 202 } }, ...delivery };
		await expect(tester(perform, zapA)).resolves.toHaveLength(1);
		await expect(tester(perform, zapB)).resolves.toHaveLength(1);
		await expect(tester(perform, zapA)).resolves.toEqual([]);
	});
});

/**
 * z.cache as Zapier's servers run it: ttl honoured, and `nx` applied in one step after a round
 * trip. createAppTester's fake ignores both, so the race is tested on this one.
 */
function productionLikeCache() {
	const data = new Map<string, { text: string; until: number }>();
	const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));
	const live = (key: string) => {
		const entry = data.get(key);
		return entry !== undefined && entry.until > Date.now() ? entry : undefined;
	};
	return {
		async get(key: string) {
			await roundTrip();
			const entry = live(key);
			return entry === undefined ? null : (JSON.parse(entry.text) as unknown);
		},
		async set(key: string, value: unknown, ttl?: number, _scope?: string[], nx?: boolean) {
			await roundTrip();
			if (nx === true && live(key) !== undefined) return false;
			data.set(key, { text: JSON.stringify(value), until: Date.now() + (ttl ?? 3600) * 1000 });
			return true;
		},
		async delete(key: string) {
			return data.delete(key);
		},
	};
}

function fakeZ(cache: ReturnType<typeof productionLikeCache>) {
	return {
		cache,
		console: { log: () => undefined },
		hash: (algorithm: string, data: string) => createHash(algorithm).update(data).digest('hex'),
		dehydrateFile: () => 'hydrate|||file|||hydrate',
		request: () => {
			throw new Error('a delivery must be handled without a request');
		},
		errors: { Error },
	};
}

describe('two copies of one delivery arriving at the same moment', () => {
	it('trigger one run when z.cache applies nx atomically', async () => {
		const z = fakeZ(productionLikeCache());
		const bundle = { authData, meta: { zap: { id: 7 } }, ...zapierHookBundle(signedDelivery()) };
		const run = perform as unknown as (z: unknown, bundle: unknown) => Promise<unknown[]>;
		const results = await Promise.all([run(z, bundle), run(z, bundle), run(z, bundle)]);
		expect(results.map((items) => items.length).sort()).toEqual([0, 0, 1]);
	});
});
