import {
	CLAIM_LEASE_MS,
	COMPLETED_TTL_MS,
	DEFAULT_RECORD_MAX_ENTRIES,
	RecordDedupStore,
} from '../../../src/core/dedup';
import { describeDedupStoreContract } from './dedupStoreContract';
import { fakeClock } from '../../support/fakeClock';

const T0 = 1_800_000_000_000;

const shared = fakeClock(T0);
describeDedupStoreContract(
	'RecordDedupStore',
	() => new RecordDedupStore({ record: {}, clock: shared.clock }),
	{ advance: async (ms) => shared.advance(ms), shortMs: 1_000 },
);

/** A stand-in for n8n's static data: a Proxy that notes every set and delete, as n8n's does. */
function observedRecord() {
	const changes: string[] = [];
	const record = new Proxy<Record<string, number>>(
		{},
		{
			set(target, name, value) {
				changes.push(`set ${String(name)}`);
				return Reflect.set(target, name, value);
			},
			deleteProperty(target, name) {
				changes.push(`delete ${String(name)}`);
				return Reflect.deleteProperty(target, name);
			},
			defineProperty() {
				throw new Error('defineProperty would bypass the change tracking');
			},
		},
	);
	return { record, changes };
}

describe('RecordDedupStore', () => {
	it('keeps only numbers in the record, so it survives a JSON round trip', async () => {
		const time = fakeClock(T0);
		const record: Record<string, number> = {};
		const store = new RecordDedupStore({ record, clock: time.clock });
		await store.claim('vgen_1:completed', CLAIM_LEASE_MS);
		await store.complete('vgen_1:completed', COMPLETED_TTL_MS);
		await store.claim('vgen_2:completed', CLAIM_LEASE_MS);
		for (const value of Object.values(record)) expect(typeof value).toBe('number');
		expect(JSON.parse(JSON.stringify(record))).toEqual(record);
	});

	it('remembers deliveries across executions through the persisted JSON', async () => {
		const time = fakeClock(T0);
		const first = { record: {} as Record<string, number> };
		const execution1 = new RecordDedupStore({ record: first.record, clock: time.clock });
		await execution1.claim('vgen_1:completed', CLAIM_LEASE_MS);
		await execution1.complete('vgen_1:completed', COMPLETED_TTL_MS);
		await execution1.claim('vgen_2:failed', CLAIM_LEASE_MS); // crashed before completing

		const saved = JSON.stringify(first.record);
		time.advance(1_000);
		const execution2 = new RecordDedupStore({ record: JSON.parse(saved), clock: time.clock });
		await expect(execution2.claim('vgen_1:completed', CLAIM_LEASE_MS)).resolves.toBe('completed');
		await expect(execution2.claim('vgen_2:failed', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
		time.advance(CLAIM_LEASE_MS);
		await expect(execution2.claim('vgen_2:failed', CLAIM_LEASE_MS)).resolves.toBe('claimed');
	});

	it('writes only by assignment and delete, so n8n notices every change and saves it', async () => {
		const { record, changes } = observedRecord();
		const store = new RecordDedupStore({ record, clock: fakeClock(T0).clock });
		await store.claim('k', CLAIM_LEASE_MS);
		expect(changes).toContain('set k');
		changes.length = 0;
		await store.complete('k', COMPLETED_TTL_MS);
		expect(changes).toContain('set k');
		await store.claim('j', CLAIM_LEASE_MS);
		changes.length = 0;
		await store.release('j');
		expect(changes).toEqual(['delete j']);
		expect(Object.keys(record)).toEqual(['k']);
	});

	it('does not write when a claim finds a live entry', async () => {
		const { record, changes } = observedRecord();
		const store = new RecordDedupStore({ record, clock: fakeClock(T0).clock });
		await store.claim('k', CLAIM_LEASE_MS);
		changes.length = 0;
		await expect(store.claim('k', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
		expect(changes).toEqual([]);
	});

	it('drops expired entries on the next write', async () => {
		const time = fakeClock(T0);
		const record: Record<string, number> = {};
		const store = new RecordDedupStore({ record, clock: time.clock });
		await store.claim('lease', 1_000);
		await store.complete('done', 2_000);
		await store.complete('kept', COMPLETED_TTL_MS);
		time.advance(2_000);
		await store.claim('new', CLAIM_LEASE_MS);
		expect(Object.keys(record)).toEqual(['kept', 'new']);
	});

	it('drops the oldest entries beyond maxEntries, a rewritten key counting as new', async () => {
		const record: Record<string, number> = {};
		const store = new RecordDedupStore({ record, clock: fakeClock(T0).clock, maxEntries: 3 });
		for (const key of ['a', 'b', 'c']) await store.claim(key, CLAIM_LEASE_MS);
		await store.complete('a', COMPLETED_TTL_MS);
		await store.claim('d', CLAIM_LEASE_MS);
		expect(Object.keys(record)).toEqual(['c', 'a', 'd']);
		await expect(store.claim('b', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		expect(store.size).toBe(3);
	});

	it('holds 1,000 keys by default', async () => {
		const store = new RecordDedupStore({ record: {}, clock: fakeClock(T0).clock });
		for (let i = 0; i <= DEFAULT_RECORD_MAX_ENTRIES; i++) {
			await store.complete(`vgen_${i}:completed`, COMPLETED_TTL_MS);
		}
		expect(store.size).toBe(DEFAULT_RECORD_MAX_ENTRIES);
		await expect(store.claim('vgen_1:completed', CLAIM_LEASE_MS)).resolves.toBe('completed');
		await expect(store.claim('vgen_0:completed', CLAIM_LEASE_MS)).resolves.toBe('claimed');
	});

	it('reads damaged entries as absent and prunes them, never throwing', async () => {
		const record = { a: 'text', b: null, c: { x: 1 }, d: 0 } as unknown as Record<string, number>;
		const store = new RecordDedupStore({ record, clock: fakeClock(T0).clock });
		await expect(store.claim('a', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		expect(Object.keys(record)).toEqual(['a']);
	});

	it('does not mistake inherited properties for stored keys', async () => {
		const store = new RecordDedupStore({ record: {}, clock: fakeClock(T0).clock });
		await expect(store.claim('constructor', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		await expect(store.claim('toString', CLAIM_LEASE_MS)).resolves.toBe('claimed');
		await expect(store.claim('constructor', CLAIM_LEASE_MS)).resolves.toBe('in_progress');
	});

	it('refuses a record that is not a plain object, a missing clock and a bad maxEntries', () => {
		const { clock } = fakeClock(T0);
		expect(() => new RecordDedupStore({ record: null as never, clock })).toThrow(TypeError);
		expect(() => new RecordDedupStore({ record: [] as never, clock })).toThrow(TypeError);
		expect(() => new RecordDedupStore({ record: {} } as never)).toThrow(TypeError);
		expect(() => new RecordDedupStore({ record: {}, clock, maxEntries: 0 })).toThrow(RangeError);
		expect(() => new RecordDedupStore({ record: {}, clock, maxEntries: '5' as never })).toThrow(
			TypeError,
		);
	});
});
