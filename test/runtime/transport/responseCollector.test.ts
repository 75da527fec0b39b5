import { decodeUtf8, flattenHeaders } from '../../../src/runtime/transport/responseCollector';

describe('decodeUtf8', () => {
	it('reads an empty body as an empty string', () => {
		expect(decodeUtf8([])).toBe('');
	});

	it('joins chunks before decoding, so a character split between them survives', () => {
		const bytes = Buffer.from('ünïcode ✓', 'utf8');
		const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 12), bytes.subarray(12)];
		expect(decodeUtf8(chunks)).toBe('ünïcode ✓');
	});

	it('drops a leading byte-order mark, as undici body.text() does', () => {
		expect(decodeUtf8([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')])).toBe('{}');
	});

	it('keeps a byte-order mark that is not at the start', () => {
		const text = 'a\ufeffb';
		expect(decodeUtf8([Buffer.from(text, 'utf8')])).toBe(text);
	});
});

describe('flattenHeaders', () => {
	it('joins repeated values with a comma and keeps single ones', () => {
		expect(flattenHeaders({ 'set-cookie': ['a=1', 'b=2'], 'x-request-id': 'req_1' })).toEqual({
			'set-cookie': 'a=1, b=2',
			'x-request-id': 'req_1',
		});
	});

	it('drops names without a value', () => {
		expect(flattenHeaders({ 'x-empty': undefined, 'x-set': 'yes' })).toEqual({ 'x-set': 'yes' });
	});
});
