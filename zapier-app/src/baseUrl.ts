// Where the app sends its requests: the production API, or the sandbox during development and
// tests. Zapier sets an app's environment variables (`zapier env:set`) in process.env, so the
// override is one variable, read at call time, never a field users see.
export const PRODUCTION_BASE_URL = 'https://api.creativeai.run';

/** Set it to the sandbox's URL (e.g. http://127.0.0.1:4010) to run the app against it. */
export const BASE_URL_VARIABLE = 'CREATIVEAI_BASE_URL';

export function apiBaseUrl(): string {
	const override = process.env[BASE_URL_VARIABLE]?.trim();
	return (override || PRODUCTION_BASE_URL).replace(/\/+$/, '');
}

/** True for a URL on the API's own origin: only those get the API key. */
export function isApiUrl(url: string): boolean {
	try {
		return new URL(url).origin === new URL(apiBaseUrl()).origin;
	} catch {
		return false;
	}
}
