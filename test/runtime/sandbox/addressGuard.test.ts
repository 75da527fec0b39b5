import type { LookupAddress } from 'node:dns';

import {
	BLOCKED_ADDRESS_CODE,
	guardedLookup,
	refusedAddress,
} from '../../../src/runtime/sandbox/addressGuard';

function lookup(hostname: string, allowPrivate: boolean) {
	return new Promise<{ error: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>(
		(resolve) => {
			guardedLookup(allowPrivate)(hostname, { all: true }, (error, addresses) =>
				resolve({ error, addresses: addresses as LookupAddress[] }),
			);
		},
	);
}

describe('refusedAddress', () => {
	it.each([
		['127.0.0.1', false, 'loopback'],
		['10.0.0.8', false, 'private'],
		['169.254.169.254', true, 'metadata'],
		['::1', false, 'loopback'],
	])('refuses %s (allowPrivate %s) as %s', (address, allowPrivate, reason) => {
		expect(refusedAddress(address, allowPrivate)?.reason).toBe(reason);
	});

	it.each([
		['93.184.216.34', false],
		['127.0.0.1', true],
		['192.168.1.20', true],
	])('lets %s through (allowPrivate %s)', (address, allowPrivate) => {
		expect(refusedAddress(address, allowPrivate)).toBeUndefined();
	});
});

describe('guardedLookup', () => {
	it('refuses a name that resolves to loopback when private callbacks are off', async () => {
		const { error } = await lookup('localhost', false);
		expect(error?.code).toBe(BLOCKED_ADDRESS_CODE);
		expect(error?.message).toMatch(/^localhost resolved to .*loopback address/);
	});

	it('resolves it when private callbacks are on', async () => {
		const { error, addresses } = await lookup('localhost', true);
		expect(error).toBeNull();
		expect(addresses.length).toBeGreaterThan(0);
	});
});
