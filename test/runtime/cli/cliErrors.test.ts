// What redaction removes from every error the CLI prints: each registered secret, however short,
// and anything that looks like an API key or a whsec_ secret, registered or not; and what it
// leaves, so messages stay readable.
import { redact, REDACTED } from '../../../src/runtime/cli/cliErrors';

describe('redact', () => {
	it('replaces a registered secret wherever it appears, even inside a word', () => {
		expect(redact('key=s3cr3t-value;xs3cr3t-valuex', ['s3cr3t-value'])).toBe(
			`key=${REDACTED};x${REDACTED}x`,
		);
	});

	it.each([
		['--secret abc was refused', 'abc', `--secret ${REDACTED} was refused`],
		['http://user:abc@example.com/h', 'abc', `http://user:${REDACTED}@example.com/h`],
		["got 'k'", 'k', `got '${REDACTED}'`],
	])('replaces a short registered secret where it stands alone: %s', (text, secret, expected) => {
		expect(redact(text, [secret])).toBe(expected);
	});

	it('leaves a word that merely contains a short secret readable', () => {
		expect(redact('a rapid api call', ['api'])).toBe(`a rapid ${REDACTED} call`);
	});

	it('replaces a long secret whole even when a short secret is part of it', () => {
		expect(redact('abc and abcdefgh', ['abc', 'abcdefgh'])).toBe(`${REDACTED} and ${REDACTED}`);
	});

	it.each([
		["unknown option '--apikey=rph_live_SUPERSECRET123'", `unknown option '--apikey=${REDACTED}'`],
		['Bearer rph_test_abc123 was sent', `Bearer ${REDACTED} was sent`],
		['secret whsec_MfKQ9r8GK+Yq/rT== failed', `secret ${REDACTED} failed`],
	])('replaces an unregistered API key or whsec_ secret: %s', (text, expected) => {
		expect(redact(text, [])).toBe(expected);
	});

	it.each([
		'Check the key in your credentials (keys start with rph_live_).',
		'set CREATIVEAI_API_KEY to your rph_live_ key',
		'not a Standard Webhooks secret (whsec_ followed by base64)',
		'export CREATIVEAI_API_KEY=rph_test_sandbox',
	])('leaves a hint that only names the prefix, or the public sandbox key: %s', (text) => {
		expect(redact(text, [])).toBe(text);
	});

	it('ignores a secret of only spaces, which cannot be told from the layout', () => {
		expect(redact('a b  c', [' ', ''])).toBe('a b  c');
	});
});
