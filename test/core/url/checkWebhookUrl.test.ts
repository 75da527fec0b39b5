import fc from 'fast-check';
import { CreativeAiError, UnsafeCallbackUrlError } from '../../../src/core/errors';
import {
	assertSafeWebhookUrl,
	checkWebhookUrl,
	MAX_WEBHOOK_URL_LENGTH,
	REASONS_WAIVED_BY_ALLOW_PRIVATE,
	UNSAFE_URL_REASONS,
} from '../../../src/core/url';
import type { UnsafeUrlReason } from '../../../src/core/url';
import {
	expectedForIpv4,
	expectedForIpv6,
	ipaddrIpv4Ranges,
	ipaddrIpv6Ranges,
} from './ipaddrOracle';
import type { Expected } from './ipaddrOracle';

const PROPERTY_RUNS = 2000;

/** A readable test name: long URLs are shortened to their start and length. */
function named<T extends unknown[]>([url, ...rest]: [string, ...T]): [string, string, ...T] {
	const name = url.length > 80 ? `${url.slice(0, 40)}... (${url.length} characters)` : url;
	return [name, url, ...rest];
}

function reasonOf(url: string, allowPrivate = false): UnsafeUrlReason | null {
	const verdict = checkWebhookUrl(url, { allowPrivate });
	return verdict.ok ? null : verdict.reason;
}

const URL_OF_LENGTH = (length: number) => {
	const base = 'https://example.com/';
	return base + 'a'.repeat(length - base.length);
};

/** Every spelling the policy must refuse, with the reason a user is told. */
const REJECTED: [string, UnsafeUrlReason][] = [
	['not a url', 'invalid_url'],
	['', 'invalid_url'],
	['https://', 'invalid_url'],
	['example.com/hook', 'invalid_url'],
	['http://exa mple.com/', 'invalid_url'],
	['http://256.0.0.1/', 'invalid_url'],
	['http://1.2.3.4.5/', 'invalid_url'],
	['http://[fe80::1%25eth0]/', 'invalid_url'],
	[URL_OF_LENGTH(MAX_WEBHOOK_URL_LENGTH + 1), 'too_long'],
	['ftp://example.com/hook', 'unsupported_scheme'],
	['file:///etc/passwd', 'unsupported_scheme'],
	['javascript:alert(1)', 'unsupported_scheme'],
	['ws://example.com/socket', 'unsupported_scheme'],
	['data:text/plain,hello', 'unsupported_scheme'],
	['https://user@example.com/hook', 'userinfo'],
	['https://user:secret@example.com/hook', 'userinfo'],
	['https://:secret@example.com/hook', 'userinfo'],
	['https://a.com@10.0.0.1/', 'userinfo'],
	['https://api.creativeai.run/v1/hook', 'own_domain'],
	['https://creativeai.run/', 'own_domain'],
	['https://API.CreativeAI.run./hook', 'own_domain'],
	['https://hooks.creativeai.run/x', 'own_domain'],
	['http://localhost/', 'localhost'],
	['http://LOCALHOST./', 'localhost'],
	['http://localhost:3000/hook', 'localhost'],
	['http://app.localhost/', 'localhost'],
	['http://metadata.google.internal/computeMetadata/v1/', 'metadata'],
	['http://metadata.google.internal./', 'metadata'],
	['http://169.254.169.254/latest/meta-data/', 'metadata'],
	['http://2852039166/', 'metadata'],
	['http://0xa9fea9fe/', 'metadata'],
	['http://0251.0376.0251.0376/', 'metadata'],
	['http://169.254.43518/', 'metadata'],
	['http://100.100.100.200/', 'metadata'],
	['http://[fd00:ec2::254]/', 'metadata'],
	['http://intranet/hook', 'internal_hostname'],
	['http://n8n.local:5678/webhook/x', 'internal_hostname'],
	['http://host.docker.internal:5678/webhook/x', 'internal_hostname'],
	['http://router.home.arpa/', 'internal_hostname'],
	['http://myapp.test/', 'internal_hostname'],
	['http://127.0.0.1/', 'loopback'],
	['http://127.1/', 'loopback'],
	['http://2130706433/', 'loopback'],
	['http://0x7f000001/', 'loopback'],
	['http://0177.0.0.1/', 'loopback'],
	['http://0x7f.1/', 'loopback'],
	['http://127.0.0.1./', 'loopback'],
	['http://%31%32%37.0.0.1/', 'loopback'],
	['http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/', 'loopback'],
	['http://127.255.255.254/', 'loopback'],
	['http://[::1]/', 'loopback'],
	['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
	['http://0/', 'unspecified'],
	['http://0.0.0.0/', 'unspecified'],
	['http://0.1.2.3/', 'unspecified'],
	['http://[::]/', 'unspecified'],
	['http://10.0.0.5/', 'private'],
	['http://167772161/', 'private'],
	['http://172.16.0.1/', 'private'],
	['http://172.31.255.255/', 'private'],
	['http://192.168.1.1/', 'private'],
	['http://100.64.0.1/', 'cgnat'],
	['http://100.127.255.255/', 'cgnat'],
	['http://169.254.1.1/', 'link_local'],
	['http://[fe80::1]/', 'link_local'],
	['http://[febf::1]/', 'link_local'],
	['http://[fc00::1]/', 'unique_local'],
	['http://[fd12:3456::1]/', 'unique_local'],
	['http://224.0.0.1/', 'multicast'],
	['http://239.255.255.255/', 'multicast'],
	['http://[ff02::1]/', 'multicast'],
	['http://255.255.255.255/', 'broadcast'],
	['http://4294967295/', 'broadcast'],
	['http://240.0.0.1/', 'reserved'],
	['http://192.0.0.8/', 'reserved'],
	['http://192.0.2.1/', 'reserved'],
	['http://198.51.100.7/', 'reserved'],
	['http://203.0.113.9/', 'reserved'],
	['http://198.18.0.1/', 'reserved'],
	['http://198.19.255.255/', 'reserved'],
	['http://192.88.99.1/', 'reserved'],
	['http://[2001:db8::1]/', 'reserved'],
	['http://[100::1]/', 'reserved'],
	['http://[2001::1]/', 'reserved'],
	['http://[3fff::1]/', 'reserved'],
	['http://[fec0::1]/', 'reserved'],
	['http://[::ffff:127.0.0.1]/', 'embedded_private_ipv4'],
	['http://[::ffff:a9fe:a9fe]/', 'embedded_private_ipv4'],
	['http://[::ffff:10.0.0.1]/', 'embedded_private_ipv4'],
	['http://[::ffff:0:7f00:1]/', 'embedded_private_ipv4'],
	['http://[::127.0.0.1]/', 'embedded_private_ipv4'],
	['http://[2002:7f00:1::]/', 'embedded_private_ipv4'],
	['http://[2002:c0a8:101::1]/', 'embedded_private_ipv4'],
	['http://[64:ff9b::127.0.0.1]/', 'embedded_private_ipv4'],
	['http://[64:ff9b::a9fe:a9fe]/', 'embedded_private_ipv4'],
	['http://[64:ff9b:1::10.0.0.1]/', 'embedded_private_ipv4'],
	['https://example.com:8443/hook', 'non_standard_port'],
	['https://example.com:80/hook', 'non_standard_port'],
	['http://example.com:443/hook', 'non_standard_port'],
	['http://example.com:8080/hook', 'non_standard_port'],
];

const PUBLIC: string[] = [
	'https://hooks.zapier.com/hooks/catch/1/abc/',
	'https://example.n8n.cloud/webhook/x',
	'http://[2606:4700::1]/',
	'https://hook.eu1.make.com/abc123',
	'http://93.184.216.34/hook',
	'https://example.com:443/hook',
	'http://example.com:80/hook',
	'https://notcreativeai.run/',
	'https://creativeai.run.example.com/',
	'http://172.15.255.255/',
	'http://172.32.0.0/',
	'http://100.63.255.255/',
	'http://100.128.0.0/',
	'http://[::ffff:8.8.8.8]/',
	'http://[2002:808:808::1]/',
	'http://[64:ff9b::8.8.8.8]/',
	'https://ex\u00e4mple.com/hook',
	URL_OF_LENGTH(MAX_WEBHOOK_URL_LENGTH),
];

describe('checkWebhookUrl', () => {
	it.each(REJECTED.map(named))('refuses %s as %s', (_name, url, reason) => {
		expect(reasonOf(url)).toBe(reason);
	});

	it.each(PUBLIC.map((url) => named([url])))('accepts the public URL %s', (_name, url) => {
		expect(checkWebhookUrl(url)).toEqual({ ok: true, url: new URL(url).href });
	});

	it('can produce every documented reason', () => {
		const produced = new Set(REJECTED.map(([, reason]) => reason));
		expect([...produced].sort()).toEqual([...UNSAFE_URL_REASONS].sort());
	});

	it('returns the normalised URL, which is what should be submitted', () => {
		expect(checkWebhookUrl('HTTPS://Hooks.Zapier.COM:443/hooks/catch/1/abc/')).toEqual({
			ok: true,
			url: 'https://hooks.zapier.com/hooks/catch/1/abc/',
		});
	});

	it('judges the host the URL parser sees: example.com\\@10.0.0.1 goes to example.com', () => {
		expect(checkWebhookUrl('http://example.com\\@10.0.0.1/')).toEqual({
			ok: true,
			url: 'http://example.com/@10.0.0.1/',
		});
	});

	it('counts the length of the normalised URL, which percent-encoding can make longer', () => {
		const manySpaces = 'https://example.com/' + ' x'.repeat(900);
		expect(manySpaces.length).toBeLessThanOrEqual(MAX_WEBHOOK_URL_LENGTH);
		expect(reasonOf(manySpaces)).toBe('too_long');
	});

	it('throws TypeError for a url that is not a string', () => {
		expect(() => checkWebhookUrl(42 as unknown as string)).toThrow(TypeError);
		expect(() => checkWebhookUrl(undefined as unknown as string)).toThrow(TypeError);
	});

	it('throws TypeError for malformed options', () => {
		expect(() => checkWebhookUrl('https://example.com/', 'yes' as never)).toThrow(TypeError);
		expect(() =>
			checkWebhookUrl('https://example.com/', { allowPrivate: 'true' as unknown as boolean }),
		).toThrow(TypeError);
	});
});

describe('checkWebhookUrl messages', () => {
	it('names the private address and tells the user what to do instead', () => {
		const verdict = checkWebhookUrl('http://10.0.0.5/hook');
		expect(verdict.ok).toBe(false);
		if (verdict.ok) return;
		expect(verdict.message).toContain('private network address (10.0.0.5)');
		expect(verdict.message).toContain('only call public addresses');
		expect(verdict.message).toMatch(/tunnel/);
		expect(verdict.message).toMatch(/allows private callback URLs/);
	});

	it('does not suggest the private opt-in for metadata addresses, which it cannot waive', () => {
		const verdict = checkWebhookUrl('http://169.254.169.254/latest/meta-data/');
		if (verdict.ok) throw new Error('expected a rejection');
		expect(verdict.message).toContain('metadata');
		expect(verdict.message).not.toMatch(/allows private callback URLs/);
	});

	it('names the IPv4 address hidden inside an IPv6 one', () => {
		const verdict = checkWebhookUrl('http://[::ffff:a9fe:a9fe]/');
		if (verdict.ok) throw new Error('expected a rejection');
		expect(verdict.message).toContain('169.254.169.254');
		expect(verdict.message).toContain('IPv4-mapped');
	});

	it('explains where a URL with userinfo really goes without repeating the credentials', () => {
		const verdict = checkWebhookUrl('https://hooks.example.com:hunter2@10.0.0.1/');
		if (verdict.ok) throw new Error('expected a rejection');
		expect(verdict.message).toContain('10.0.0.1');
		expect(verdict.message).not.toContain('hunter2');
		expect(verdict.message).not.toContain('hooks.example.com');
	});

	it('never repeats the path, query or credentials of the URL (a resume token lives there)', () => {
		const token = fc.stringMatching(/^[A-Za-z0-9]{12,24}$/);
		const host = fc.constantFrom(
			'10.0.0.5',
			'localhost',
			'169.254.169.254',
			'[::ffff:7f00:1]',
			'n8n.local',
			'api.creativeai.run',
			'example.com:8443',
			'240.0.0.1',
		);
		fc.assert(
			fc.property(host, token, token, token, fc.boolean(), (h, user, path, query, withUser) => {
				const url = `http://${withUser ? `${user}:${user}@` : ''}${h}/${path}?signature=${query}`;
				const verdict = checkWebhookUrl(url);
				expect(verdict.ok).toBe(false);
				if (verdict.ok) return;
				for (const secret of [user, path, query]) expect(verdict.message).not.toContain(secret);
			}),
			{ numRuns: 200 },
		);
	});

	it('writes a distinct message for each reason', () => {
		const messages = new Map<UnsafeUrlReason, string>();
		for (const [url, reason] of REJECTED) {
			const verdict = checkWebhookUrl(url);
			if (!verdict.ok && !messages.has(reason)) messages.set(reason, verdict.message);
		}
		expect(new Set(messages.values()).size).toBe(messages.size);
	});
});

describe('allowPrivate (local work against the sandbox)', () => {
	it.each([
		'http://127.0.0.1:3000/path',
		'http://localhost:8080/hook',
		'http://10.0.0.5:5678/webhook/x',
		'http://[::1]:3000/',
		'http://host.docker.internal:5678/webhook/x',
		'http://sandbox:3000/hook',
		'http://100.101.102.103/',
		'http://[fd12::1]:3000/',
		'https://example.com:8443/hook',
	])('accepts %s', (url) => {
		expect(checkWebhookUrl(url, { allowPrivate: true })).toEqual({
			ok: true,
			url: new URL(url).href,
		});
	});

	const stillRefused: [string, UnsafeUrlReason][] = [
		['http://169.254.169.254/', 'metadata'],
		['http://100.100.100.200/', 'metadata'],
		['http://metadata.google.internal/', 'metadata'],
		['http://[fd00:ec2::254]/', 'metadata'],
		['http://169.254.1.1:3000/', 'link_local'],
		['http://[fe80::1]/', 'link_local'],
		['ftp://127.0.0.1/', 'unsupported_scheme'],
		['http://user@127.0.0.1:3000/', 'userinfo'],
		['http://127.0.0.1:3000/' + 'a'.repeat(MAX_WEBHOOK_URL_LENGTH), 'too_long'],
		['https://api.creativeai.run/', 'own_domain'],
		['http://0.0.0.0:3000/', 'unspecified'],
		['http://[::ffff:127.0.0.1]:3000/', 'embedded_private_ipv4'],
		['http://224.0.0.1/', 'multicast'],
		['http://255.255.255.255/', 'broadcast'],
		['http://240.0.0.1/', 'reserved'],
	];

	it.each(stillRefused.map(named))('still refuses %s as %s', (_name, url, reason) => {
		expect(reasonOf(url, true)).toBe(reason);
	});

	it('only ever loosens the policy, and only for the waived reasons', () => {
		const table: [string, UnsafeUrlReason | null][] = [
			...REJECTED,
			...PUBLIC.map((url): [string, null] => [url, null]),
		];
		for (const [url] of table) {
			const strict = reasonOf(url);
			const relaxed = reasonOf(url, true);
			const waived = strict === null || REASONS_WAIVED_BY_ALLOW_PRIVATE.has(strict);
			expect([url, relaxed]).toEqual([url, waived ? null : strict]);
		}
	});
});

describe('assertSafeWebhookUrl', () => {
	it('returns the normalised URL when it is safe', () => {
		expect(assertSafeWebhookUrl('https://Example.com:443/hook')).toBe('https://example.com/hook');
	});

	it('throws UnsafeCallbackUrlError with the reason and the user message', () => {
		const caught = (() => {
			try {
				assertSafeWebhookUrl('http://192.168.1.20/hook');
			} catch (error) {
				return error;
			}
			return undefined;
		})();
		expect(caught).toBeInstanceOf(UnsafeCallbackUrlError);
		expect(caught).toBeInstanceOf(CreativeAiError);
		const error = caught as UnsafeCallbackUrlError;
		expect(error.code).toBe('unsafe_callback_url');
		expect(error.reason).toBe('private');
		expect(error.message).toBe(
			(checkWebhookUrl('http://192.168.1.20/hook') as { message: string }).message,
		);
	});

	it('lets the sandbox URL through with allowPrivate', () => {
		expect(assertSafeWebhookUrl('http://127.0.0.1:4010/hook', { allowPrivate: true })).toBe(
			'http://127.0.0.1:4010/hook',
		);
	});
});

// ---- Property tests against ipaddr.js as an oracle (see ipaddrOracle.ts for the mapping) ----

const UINT32_MAX = 0xffffffff;

function maskV4(length: number): number {
	return length === 0 ? 0 : (UINT32_MAX << (32 - length)) >>> 0;
}

/** Uniform addresses, addresses inside ipaddr.js's special ranges, and their edges. */
const ipv4Address: fc.Arbitrary<number> = (() => {
	const ranges = [
		...ipaddrIpv4Ranges(),
		[0xa9fea9fe, 32] as [number, number],
		[0x646464c8, 32] as [number, number],
	];
	const uniform = fc.integer({ min: 0, max: UINT32_MAX });
	const inside = fc
		.constantFrom(...ranges)
		.chain(([base, length]) =>
			fc
				.integer({ min: 0, max: 2 ** (32 - length) - 1 })
				.map((host) => ((base & maskV4(length)) >>> 0) + host),
		);
	const edges = fc.constantFrom(...ranges).chain(([base, length]) => {
		const first = (base & maskV4(length)) >>> 0;
		const last = first + 2 ** (32 - length) - 1;
		return fc.constantFrom(
			...[first - 1, first, last, last + 1].filter((a) => a >= 0 && a <= UINT32_MAX),
		);
	});
	return fc.oneof(uniform, inside, edges);
})();

function octets(address: number): number[] {
	return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff);
}

/** The spellings WHATWG accepts for one IPv4 address; all must get the same verdict. */
function ipv4Spellings(address: number): string[] {
	const [a, b, c, d] = octets(address);
	return [
		`${a}.${b}.${c}.${d}`,
		String(address),
		`0x${address.toString(16)}`,
		[a, b, c, d].map((octet) => `0${octet.toString(8)}`).join('.'),
		`${a}.${(b << 16) | (c << 8) | d}`,
		`${a}.${b}.${c}.${d}.`,
	];
}

function describeExpected(expected: Expected): string {
	return expected ?? 'public';
}

describe('checkWebhookUrl agrees with ipaddr.js', () => {
	it('classifies random IPv4 addresses, in every spelling, as ipaddr.js does', () => {
		fc.assert(
			fc.property(ipv4Address, (address) => {
				const expected = expectedForIpv4(octets(address));
				for (const spelling of ipv4Spellings(address)) {
					expect(`${spelling}: ${describeExpected(reasonOf(`https://${spelling}/hook`))}`).toBe(
						`${spelling}: ${describeExpected(expected)}`,
					);
				}
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});

	const ipv6Address: fc.Arbitrary<bigint> = (() => {
		const embeddingPrefixes: [bigint, number][] = [
			[0xffffn << 32n, 96],
			[0xffffn << 48n, 96],
			[0n, 96],
			[0x64ff9bn << 96n, 96],
			[0x64ff9b0001n << 80n, 48],
		];
		const ranges = [
			...ipaddrIpv6Ranges(),
			...embeddingPrefixes,
			[0xfd000ec2000000000000000000000254n, 128] as [bigint, number],
		];
		const bits = (count: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(count)) - 1n });
		const maskOf = (length: number) => ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - length)) - 1n);
		// Groups drawn from zero or anything, so `::` compression happens often.
		const sparse = fc
			.array(fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 0xffffn })), {
				minLength: 8,
				maxLength: 8,
			})
			.map((groups) => groups.reduce((value, group) => (value << 16n) | group, 0n));
		const inside = fc
			.constantFrom(...ranges)
			.chain(([base, length]) => bits(128 - length).map((host) => (base & maskOf(length)) | host));
		const edges = fc.constantFrom(...ranges).chain(([base, length]) => {
			const first = base & maskOf(length);
			const last = first | ((1n << BigInt(128 - length)) - 1n);
			return fc.constantFrom(
				...[first - 1n, first, last, last + 1n].filter((a) => a >= 0n && a < 1n << 128n),
			);
		});
		// An IPv4 from the IPv4 generator behind each transition prefix, so both verdicts occur.
		const embeddedV4 = fc
			.tuple(
				fc.constantFrom(...embeddingPrefixes, [0x2002n << 112n, 16] as [bigint, number]),
				ipv4Address,
				bits(16),
			)
			.map(([[prefix, length], v4, noise]) =>
				length === 16 ? prefix | (BigInt(v4) << 80n) | noise : prefix | BigInt(v4),
			);
		return fc.oneof(bits(128), sparse, inside, edges, embeddedV4);
	})();

	function parts(address: bigint): number[] {
		return Array.from({ length: 8 }, (_, index) =>
			Number((address >> BigInt(112 - 16 * index)) & 0xffffn),
		);
	}

	/** Full, compressed, upper-case, and with a dotted IPv4 tail: the parser must agree on all. */
	function ipv6Spellings(groups: number[]): string[] {
		const full = groups.map((group) => group.toString(16)).join(':');
		const padded = groups.map((group) => group.toString(16).padStart(4, '0')).join(':');
		const v4Tail = `${groups
			.slice(0, 6)
			.map((g) => g.toString(16))
			.join(':')}:${octets(groups[6] * 0x10000 + groups[7]).join('.')}`;
		return [full, padded.toUpperCase(), new URL(`http://[${full}]/`).hostname.slice(1, -1), v4Tail];
	}

	it('classifies random IPv6 addresses, in every spelling, as ipaddr.js does', () => {
		fc.assert(
			fc.property(ipv6Address, (address) => {
				const groups = parts(address);
				const expected = expectedForIpv6(groups);
				for (const spelling of ipv6Spellings(groups)) {
					expect(`${spelling}: ${describeExpected(reasonOf(`https://[${spelling}]/hook`))}`).toBe(
						`${spelling}: ${describeExpected(expected)}`,
					);
				}
			}),
			{ numRuns: PROPERTY_RUNS },
		);
	});
});
