import { Headers } from 'undici';

import { verifyWebhook } from '../../../src/core/webhooks';
import type { VerifyResult } from '../../../src/core/webhooks';
import {
	BODY,
	editHeader,
	NEXT_SECRETS,
	NOW_SECONDS,
	SECRETS,
	signedDelivery,
	withHeader,
	type DeliveryOverrides,
} from './signedDelivery';

const CAI = 'x-creativeai-signature';
const PRIMARY = 'x-signature-primary';
const STD_SIG = 'webhook-signature';

interface Case {
	claim: string;
	delivery: DeliveryOverrides;
	expected: VerifyResult;
}

const ok = (secretIndex = 0): VerifyResult => ({ ok: true, secretIndex });
const no = (reason: string) => ({ ok: false, reason }) as VerifyResult;
const nonUtf8 = new Uint8Array([0x7b, 0xff, 0xfe, 0x80, 0x00, 0xc3, 0x28, 0x7d]);
const reserialised = (body: string) => JSON.stringify(JSON.parse(body));

/** `bytes` as a view at an offset into a larger ArrayBuffer with junk either side. */
function viewInsideLargerBuffer(bytes: Uint8Array): Uint8Array {
	const backing = new Uint8Array(bytes.length + 8).fill(0x5a);
	backing.set(bytes, 4);
	return new Uint8Array(backing.buffer, 4, bytes.length);
}

const cases: Case[] = [
	// Each scheme accepts its own fresh delivery.
	{ claim: 'accepts a creativeai delivery', delivery: {}, expected: ok() },
	{ claim: 'accepts a standard delivery', delivery: { scheme: 'standard' }, expected: ok() },
	{ claim: 'accepts a primary delivery', delivery: { scheme: 'primary' }, expected: ok() },

	// The signature header: missing, empty, wrong shape, tampered.
	...(['creativeai', 'primary', 'standard'] as const).flatMap((scheme): Case[] => {
		const header = { creativeai: CAI, primary: PRIMARY, standard: STD_SIG }[scheme];
		return [
			{
				claim: `${scheme}: rejects a delivery without the signature header`,
				delivery: { scheme, headers: withHeader(header, undefined) },
				expected: no('missing_signature'),
			},
			{
				claim: `${scheme}: rejects an empty signature header`,
				delivery: { scheme, headers: withHeader(header, '') },
				expected: no('missing_signature'),
			},
			{
				claim: `${scheme}: rejects a signature header of only whitespace`,
				delivery: { scheme, headers: withHeader(header, ' \t ') },
				expected: no('missing_signature'),
			},
			{
				claim: `${scheme}: tolerates whitespace around the signature`,
				delivery: { scheme, headers: editHeader(header, (v) => `  ${v}\t`) },
				expected: ok(),
			},
			{
				claim: `${scheme}: rejects a delivery signed with another secret`,
				delivery: { scheme, signingSecret: NEXT_SECRETS[scheme] },
				expected: no('mismatch'),
			},
			{
				claim: `${scheme}: accepts the rotated-in secret and says which one matched`,
				delivery: {
					scheme,
					signingSecret: NEXT_SECRETS[scheme],
					secrets: [SECRETS[scheme], NEXT_SECRETS[scheme]],
				},
				expected: ok(1),
			},
			{
				claim: `${scheme}: still accepts the old secret during a rotation`,
				delivery: { scheme, secrets: [SECRETS[scheme], NEXT_SECRETS[scheme]] },
				expected: ok(0),
			},
			{
				claim: `${scheme}: accepts non-UTF-8 body bytes signed as bytes`,
				delivery: { scheme, signedBody: nonUtf8 },
				expected: ok(),
			},
			{
				claim: `${scheme}: rejects non-UTF-8 bytes that were decoded to a string on the way`,
				delivery: {
					scheme,
					signedBody: nonUtf8,
					body: new TextDecoder().decode(nonUtf8),
				},
				expected: no('mismatch'),
			},
			{
				claim: `${scheme}: rejects a body a framework parsed and re-serialised`,
				delivery: { scheme, body: reserialised(BODY) },
				expected: no('mismatch'),
			},
			{
				claim: `${scheme}: accepts the same bytes as a Buffer`,
				delivery: { scheme, body: Buffer.from(BODY) },
				expected: ok(),
			},
			{
				claim: `${scheme}: accepts the same bytes as a Uint8Array view into a larger buffer`,
				delivery: {
					scheme,
					body: viewInsideLargerBuffer(Buffer.from(BODY)),
				},
				expected: ok(),
			},
			{
				claim: `${scheme}: rejects a body with one byte appended`,
				delivery: { scheme, body: `${BODY}\n` },
				expected: no('mismatch'),
			},
		];
	}),

	// The hex schemes.
	{
		claim: 'creativeai: accepts upper-case hex',
		delivery: { headers: editHeader(CAI, (v) => 'sha256=' + v.slice(7).toUpperCase()) },
		expected: ok(),
	},
	{
		claim: 'creativeai: rejects a signature without the sha256= prefix',
		delivery: { headers: editHeader(CAI, (v) => v.slice(7)) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects another algorithm prefix',
		delivery: { headers: editHeader(CAI, (v) => 'sha1=' + v.slice(7)) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects an upper-case SHA256= prefix',
		delivery: { headers: editHeader(CAI, (v) => 'SHA256=' + v.slice(7)) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects a truncated signature',
		delivery: { headers: editHeader(CAI, (v) => v.slice(0, -1)) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects a signature with a non-hex digit',
		delivery: { headers: editHeader(CAI, (v) => v.slice(0, -1) + 'g') },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects a signature with a non-ASCII character',
		delivery: { headers: editHeader(CAI, (v) => v.slice(0, -1) + '\u0130') },
		expected: no('malformed_signature'),
	},
	{
		claim: 'creativeai: rejects a well-formed signature of other bytes',
		delivery: { headers: editHeader(CAI, (v) => v.slice(0, -1) + (v.endsWith('0') ? '1' : '0')) },
		expected: no('mismatch'),
	},
	{
		claim: 'creativeai: takes the first value when a header arrives twice',
		delivery: { headers: (h) => ({ [CAI]: [h[CAI], 'sha256=' + '0'.repeat(64)] }) },
		expected: ok(),
	},
	{
		claim: 'primary: rejects a sha256= prefix, which the scheme does not use',
		delivery: { scheme: 'primary', headers: editHeader(PRIMARY, (v) => `sha256=${v}`) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'primary: accepts upper-case hex',
		delivery: { scheme: 'primary', headers: editHeader(PRIMARY, (v) => v.toUpperCase()) },
		expected: ok(),
	},

	// Standard Webhooks: several signatures, ids and timestamps.
	{
		claim: 'standard: accepts when one of several signatures matches, ignoring other versions',
		delivery: {
			scheme: 'standard',
			headers: editHeader(
				STD_SIG,
				(v) =>
					`v1a,${v.slice(3)} v2,${v.slice(3)} v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= ${v}`,
			),
		},
		expected: ok(),
	},
	{
		claim: 'standard: accepts signatures joined with ", " by a proxy that merged two headers',
		delivery: {
			scheme: 'standard',
			headers: editHeader(STD_SIG, (v) => `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=, ${v}`),
		},
		expected: ok(),
	},
	{
		claim: 'standard: rejects a header holding only other versions',
		delivery: { scheme: 'standard', headers: editHeader(STD_SIG, (v) => `v2,${v.slice(3)}`) },
		expected: no('malformed_signature'),
	},
	{
		claim: 'standard: rejects a v1 signature that is not 32 bytes of base64',
		delivery: { scheme: 'standard', headers: withHeader(STD_SIG, 'v1,dawfeoifkpqwoekfpqoekf') },
		expected: no('malformed_signature'),
	},
	{
		claim: 'standard: rejects an empty v1 signature',
		delivery: { scheme: 'standard', headers: withHeader(STD_SIG, 'v1,') },
		expected: no('malformed_signature'),
	},
	{
		claim: 'standard: rejects a signature replayed under another message id',
		delivery: { scheme: 'standard', headers: withHeader('webhook-id', 'msg_other') },
		expected: no('mismatch'),
	},
	{
		claim: 'standard: rejects a signature replayed under a fresher timestamp',
		delivery: {
			scheme: 'standard',
			headers: withHeader('webhook-timestamp', `${NOW_SECONDS + 1}`),
		},
		expected: no('mismatch'),
	},
	{
		claim: 'standard: rejects a delivery without webhook-id',
		delivery: { scheme: 'standard', headers: withHeader('webhook-id', undefined) },
		expected: no('missing_id'),
	},
	{
		claim: 'standard: rejects a delivery without webhook-timestamp',
		delivery: { scheme: 'standard', headers: withHeader('webhook-timestamp', undefined) },
		expected: no('missing_timestamp'),
	},
	...['hello', '-1', '1.5', '1e9', '0x10', '1700000000abc', '9'.repeat(16)].map(
		(timestamp): Case => ({
			claim: `standard: rejects the timestamp ${JSON.stringify(timestamp)} as malformed`,
			delivery: { scheme: 'standard', headers: withHeader('webhook-timestamp', timestamp) },
			expected: no('malformed_timestamp'),
		}),
	),
	{
		claim: 'standard: rejects a delivery older than 300 s',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS - 301 },
		expected: no('timestamp_too_old'),
	},
	{
		claim: 'standard: accepts a delivery exactly 300 s old',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS - 300 },
		expected: ok(),
	},
	{
		claim: 'standard: rejects a delivery from more than 300 s in the future',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS + 301 },
		expected: no('timestamp_in_future'),
	},
	{
		claim: 'standard: accepts a delivery exactly 300 s ahead of our clock',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS + 300 },
		expected: ok(),
	},
	{
		claim: 'standard: honours a tighter tolerance',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS - 11, toleranceSeconds: 10 },
		expected: no('timestamp_too_old'),
	},
	{
		claim: 'standard: honours a looser tolerance',
		delivery: { scheme: 'standard', timestampSeconds: NOW_SECONDS - 3600, toleranceSeconds: 3600 },
		expected: ok(),
	},
	{
		claim: 'standard: checks freshness before the signature, so a stale forgery reads as stale',
		delivery: {
			scheme: 'standard',
			timestampSeconds: NOW_SECONDS - 301,
			signingSecret: NEXT_SECRETS.standard,
		},
		expected: no('timestamp_too_old'),
	},
	{
		claim: 'standard: accepts the secret without its whsec_ prefix',
		delivery: { scheme: 'standard', secrets: SECRETS.standard.slice('whsec_'.length) },
		expected: ok(),
	},

	// Header containers.
	{
		claim: 'finds a mixed-case header name in a plain object',
		delivery: { headers: (h) => ({ 'X-CreativeAI-Signature': h[CAI] }) },
		expected: ok(),
	},
	{
		claim: 'reads a WHATWG Headers object',
		delivery: { headers: (h) => new Headers(h) },
		expected: ok(),
	},
	{
		claim: 'reads [name, value] pairs',
		delivery: { headers: (h) => [['X-CreativeAI-Signature', h[CAI]]] },
		expected: ok(),
	},
	{
		claim: "reads Zapier's renamed header (Http-X-Creativeai-Signature)",
		delivery: { headers: (h) => ({ 'Http-X-Creativeai-Signature': h[CAI] }) },
		expected: ok(),
	},
	{
		claim: 'reads the CGI form (HTTP_X_CREATIVEAI_SIGNATURE)',
		delivery: { headers: (h) => ({ HTTP_X_CREATIVEAI_SIGNATURE: h[CAI] }) },
		expected: ok(),
	},
	{
		claim: "standard: reads all three headers in Zapier's renamed form",
		delivery: {
			scheme: 'standard',
			headers: (h) => ({
				'Http-Webhook-Id': h['webhook-id'],
				'Http-Webhook-Timestamp': h['webhook-timestamp'],
				'Http-Webhook-Signature': h['webhook-signature'],
			}),
		},
		expected: ok(),
	},
	{
		claim: 'standard: reads a WHATWG Headers object',
		delivery: { scheme: 'standard', headers: (h) => new Headers(h) },
		expected: ok(),
	},
];

describe('verifyWebhook', () => {
	it.each(cases)('$claim', ({ delivery, expected }) => {
		expect(verifyWebhook(signedDelivery(delivery))).toEqual(expected);
	});
});

describe('verifyWebhook misuse', () => {
	it.each([
		['a parsed object', JSON.parse(BODY)],
		['a parsed array', [1, 2]],
		['a number', 42],
		['null', null],
		['undefined', undefined],
	])('throws a TypeError explaining the raw-body rule for %s', (_label, body) => {
		const call = () => verifyWebhook(signedDelivery({ body }));
		expect(call).toThrow(TypeError);
		expect(call).toThrow(/exact bytes received/);
		expect(call).toThrow(/req\.rawBody/);
		expect(call).toThrow(/express\.raw\(\)/);
		expect(call).toThrow(/bundle\.rawRequest\.content/);
	});

	it.each([
		['no secrets', undefined],
		['an empty array', []],
		['an empty string', ''],
		['an empty string among others', [SECRETS.creativeai, '']],
		['a non-string secret', [42]],
	])('throws a TypeError for %s', (_label, secrets) => {
		expect(() => verifyWebhook(signedDelivery({ secrets }))).toThrow(TypeError);
	});

	it('throws a TypeError for a Standard Webhooks secret that is not base64, without quoting it', () => {
		const secret = 'whsec_not*base64!';
		const call = () => verifyWebhook(signedDelivery({ scheme: 'standard', secrets: secret }));
		expect(call).toThrow(TypeError);
		expect(call).not.toThrow(/not\*base64/);
	});

	it('throws a TypeError when the standard scheme gets no clock', () => {
		const { clock: _clock, ...input } = signedDelivery({ scheme: 'standard' });
		expect(() => verifyWebhook(input)).toThrow(/clock/);
	});

	it('throws a TypeError for a clock that returns NaN', () => {
		const input = { ...signedDelivery({ scheme: 'standard' }), clock: () => Number.NaN };
		expect(() => verifyWebhook(input)).toThrow(TypeError);
	});

	it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
		'throws a TypeError for a tolerance of %p seconds',
		(toleranceSeconds) => {
			const call = () => verifyWebhook(signedDelivery({ scheme: 'standard', toleranceSeconds }));
			expect(call).toThrow(TypeError);
		},
	);

	it('throws a TypeError for an unknown scheme', () => {
		const input = { ...signedDelivery(), scheme: 'github' as never };
		expect(() => verifyWebhook(input)).toThrow(/unknown scheme github/);
	});

	it('throws a TypeError when headers are missing altogether', () => {
		const input = { ...signedDelivery(), headers: undefined as never };
		expect(() => verifyWebhook(input)).toThrow(TypeError);
	});

	it('does not need a clock for the schemes without timestamps', () => {
		const { clock: _clock, ...input } = signedDelivery();
		expect(verifyWebhook(input)).toEqual({ ok: true, secretIndex: 0 });
	});
});
