// Request middleware: the API key as a Bearer token, on requests to the API only. A generation's
// output link lives on a file host and carries its own signature; the key never travels there.
import type { BeforeRequestMiddleware } from 'zapier-platform-core';

import { isApiUrl } from './baseUrl';

export const includeBearerToken: BeforeRequestMiddleware = (request, _z, bundle) => {
	const apiKey = bundle.authData?.api_key;
	if (typeof apiKey === 'string' && apiKey !== '' && isApiUrl(request.url)) {
		request.headers = { ...request.headers, Authorization: `Bearer ${apiKey}` };
	}
	return request;
};

export const befores = [includeBearerToken];
export const afters = [];
