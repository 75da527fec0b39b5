// The Idempotency-Key of a manifest row: the same row of the same batch always gets the same key,
// whatever the spelling; a different job gets a different key.
import { MAX_IDEMPOTENCY_KEY_CHARACTERS } from '../../../src/core/client/idempotency';
import { defaultBatchId, rowIdempotencyKey } from '../../../src/runtime/cli/rowIdempotency';
import { rowToRequest, type RowRequest } from '../../../src/runtime/cli/rowRequest';

function requestOf(row: Record<string, unknown>): RowRequest {
	const result = rowToRequest(row);
	if (!result.ok) throw new Error(JSON.stringify(result.issues));
	return result.request;
}

describe('rowIdempotencyKey', () => {
	const base = { id: 'L1', prompt: 'Porch at dusk', duration: '5s', aspect_ratio: '16:9' };

	it('is the same for the same row however it is spelled (key order, "5s" or 5, defaults)', () => {
		const a = rowIdempotencyKey('listings.csv', 'L1', requestOf(base));
		const b = rowIdempotencyKey(
			'listings.csv',
			'L1',
			requestOf({
				aspect_ratio: '16:9',
				duration: 5,
				prompt: 'Porch at dusk',
				id: 'L1',
				model: 'auto',
			}),
		);
		expect(a).toBe(b);
	});

	it('changes with the prompt, the row key and the batch id', () => {
		const key = rowIdempotencyKey('listings.csv', 'L1', requestOf(base));
		expect(
			rowIdempotencyKey('listings.csv', 'L1', requestOf({ ...base, prompt: 'Other' })),
		).not.toBe(key);
		expect(rowIdempotencyKey('listings.csv', 'L2', requestOf(base))).not.toBe(key);
		expect(rowIdempotencyKey('spring.csv', 'L1', requestOf(base))).not.toBe(key);
	});

	it('ignores metadata columns the request does not carry', () => {
		expect(rowIdempotencyKey('m', 'L1', requestOf({ ...base, address: '1 Main St' }))).toBe(
			rowIdempotencyKey('m', 'L1', requestOf(base)),
		);
	});

	it('fits the header the client sends (visible ASCII, within the length limit)', () => {
		const key = rowIdempotencyKey('a'.repeat(500), 'k'.repeat(500), requestOf(base));
		expect(key).toMatch(/^cai-batch-[0-9a-f]{64}$/);
		expect(key.length).toBeLessThanOrEqual(MAX_IDEMPOTENCY_KEY_CHARACTERS);
	});

	it('takes the manifest file name, not its folder, as the default batch id', () => {
		expect(defaultBatchId('/home/a/listings.csv')).toBe(defaultBatchId('/tmp/b/listings.csv'));
	});
});
