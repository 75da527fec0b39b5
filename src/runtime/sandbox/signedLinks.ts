// Expiring output links: `/files/<name>?expires=<unix seconds>&sig=<hex HMAC>`, like a CDN's
// signed URLs, so users learn to store the file and not the link (contract: "Output URLs may
// carry expires_at").
// Rules: the signature covers the file name and the expiry together, so neither can be edited;
// the signature is checked before the expiry, so a forged link never learns whether it expired.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkVerdict = 'ok' | 'bad_signature' | 'expired';

export function linkSignature(secret: Uint8Array, fileName: string, expiresUnix: number): string {
	return createHmac('sha256', secret).update(`${fileName}\n${expiresUnix}`).digest('hex');
}

/** The absolute URL of `fileName` under `baseUrl`, valid until `expiresUnix`. */
export function signedFileUrl(
	baseUrl: string,
	secret: Uint8Array,
	fileName: string,
	expiresUnix: number,
): string {
	const url = new URL(
		`files/${encodeURIComponent(fileName)}`,
		baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
	);
	url.searchParams.set('expires', String(expiresUnix));
	url.searchParams.set('sig', linkSignature(secret, fileName, expiresUnix));
	return url.href;
}

/** Checks the `expires` and `sig` query values of a request for `fileName`. */
export function checkLink(
	secret: Uint8Array,
	fileName: string,
	expires: string | null,
	sig: string | null,
	nowMs: number,
): LinkVerdict {
	if (
		expires === null ||
		sig === null ||
		!/^\d{1,12}$/.test(expires) ||
		!/^[0-9a-f]{64}$/.test(sig)
	) {
		return 'bad_signature';
	}
	const expected = Buffer.from(linkSignature(secret, fileName, Number(expires)), 'hex');
	if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'bad_signature';
	return nowMs >= Number(expires) * 1000 ? 'expired' : 'ok';
}
