// The IML evaluator the Make checker runs blueprints with, on its own: Make's documented examples,
// and the signature expression against the core's independent signer.
import { signWebhook } from '../../src/core/webhooks';
import { callMakeFunction } from '../support/make/functions';
import { calledFunctions, evaluateTemplate, referencedModules } from '../support/make/iml';

const none = new Map<number, unknown>();

describe('sha256 (Make: sha256(text; [encoding]; [key]; [key encoding]))', () => {
	it("gives Make's documented example: sha256(Make)", () => {
		expect(evaluateTemplate('{{sha256("Make")}}', none)).toBe(
			'ccdd25d4230fb997a7ee1166f8afabd157248eb812ea55ec7c3d1b7c8af7fa11',
		);
	});

	it('with a key, gives the HMAC the CreativeAI signer puts in X-CreativeAI-Signature', () => {
		const body = '{"id":"vgen_1","status":"completed","prompt":"caf\u00e9 \u2615"}';
		const secret = 'rph_test_example_key';
		const bundles = new Map<number, unknown>([[1, { value: body }]]);
		const signed = signWebhook({ scheme: 'creativeai', body, secret })['x-creativeai-signature'];

		expect(evaluateTemplate(`sha256={{sha256(1.value; "hex"; "${secret}")}}`, bundles)).toBe(
			signed,
		);
		expect(evaluateTemplate(`{{"sha256=" + sha256(1.value; "hex"; "${secret}")}}`, bundles)).toBe(
			signed,
		);
	});

	it('encodes in base64 when asked, and reads a hex key as bytes', () => {
		const hex = callMakeFunction('sha256', ['Make', 'hex', '6b6579', 'hex']);
		expect(hex).toBe(callMakeFunction('sha256', ['Make', 'hex', 'key']));
		expect(callMakeFunction('sha256', ['Make', 'base64'])).toBe(
			Buffer.from(
				'ccdd25d4230fb997a7ee1166f8afabd157248eb812ea55ec7c3d1b7c8af7fa11',
				'hex',
			).toString('base64'),
		);
	});

	it('refuses an encoding Make does not offer', () => {
		expect(() => callMakeFunction('sha256', ['Make', 'base32'])).toThrow(/encoding must be one of/);
	});
});

describe('map and first (Make: map(complex array; key; [key for filtering]; [values]))', () => {
	const emails = [
		{ email: 'a@example.com', label: 'work' },
		{ email: 'b@example.com', label: 'home' },
		{ email: 'c@example.com', label: 'other' },
	];

	it('returns the key of every item, or of the items whose filter key is one of the values', () => {
		expect(callMakeFunction('map', [emails, 'email'])).toEqual([
			'a@example.com',
			'b@example.com',
			'c@example.com',
		]);
		expect(callMakeFunction('map', [emails, 'email', 'label', 'work,home'])).toEqual([
			'a@example.com',
			'b@example.com',
		]);
		expect(callMakeFunction('map', [emails, 'email', 'label', 'work', 'home'])).toEqual([
			'a@example.com',
			'b@example.com',
		]);
	});

	it('picks a header out of the list a Custom Webhook gives with "Get request headers"', () => {
		const bundles = new Map<number, unknown>([
			[
				1,
				{
					__IMTHEADERS__: [
						{ name: 'user-agent', value: 'x' },
						{ name: 'x-creativeai-signature', value: 'sha256=ab' },
					],
				},
			],
		]);
		const template =
			'{{first(map(1.__IMTHEADERS__; "value"; "name"; "x-creativeai-signature,X-CreativeAI-Signature"))}}';
		expect(evaluateTemplate(template, bundles)).toBe('sha256=ab');
		expect(evaluateTemplate(template, new Map([[1, { __IMTHEADERS__: [] }]]))).toBeUndefined();
	});
});

describe('templates', () => {
	const bundles = new Map<number, unknown>([
		[1, { '0': 'row-7', '1': 'A "quoted" prompt' }],
		[3, { data: { id: 'vgen_9', credits: 5 } }],
	]);

	it('keeps the type of a field that is one expression, and makes text of a mixed one', () => {
		expect(evaluateTemplate('{{3.data.credits}}', bundles)).toBe(5);
		expect(evaluateTemplate('{{3.data}}', bundles)).toEqual({ id: 'vgen_9', credits: 5 });
		expect(evaluateTemplate('job {{3.data.id}} costs {{3.data.credits}}', bundles)).toBe(
			'job vgen_9 costs 5',
		);
	});

	it('reads backtick-quoted keys such as the columns of a sheet row', () => {
		expect(evaluateTemplate('{{1.`0`}}-video', bundles)).toBe('row-7-video');
	});

	it('leaves a gap for a field that is not there, as Make does', () => {
		expect(evaluateTemplate('[{{3.data.missing}}]', bundles)).toBe('[]');
		expect(evaluateTemplate('[{{8.anything}}]', bundles)).toBe('[]');
	});

	it('adds numbers and joins text with +', () => {
		expect(evaluateTemplate('{{1 + 2}}', none)).toBe(3);
		expect(evaluateTemplate('{{"a" + 1 + "b"}}', none)).toBe('a1b');
	});

	it('lists the modules and functions a template uses', () => {
		const template = 'x {{first(map(1.__IMTHEADERS__; "value"))}} {{sha256(4.value; "hex")}}';
		expect(referencedModules(template)).toEqual([1, 4]);
		expect(calledFunctions(template)).toEqual(['first', 'map', 'sha256']);
	});

	it('names the place of a syntax error and refuses a function it does not know', () => {
		expect(() => evaluateTemplate('{{sha256(1.value; "hex"}}', none)).toThrow(
			/expected "\)" at character/,
		);
		expect(() => evaluateTemplate('{{md4(1.value)}}', none)).toThrow(
			/does not know the function md4/,
		);
	});
});
