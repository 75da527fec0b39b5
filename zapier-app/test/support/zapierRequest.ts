// A captured delivery in the form Zapier hands it to a hook's perform or a callback's
// performResume (`bundle.rawRequest` and `bundle.cleanedRequest`): the body as the exact string
// received, and every header renamed Camel-Case with an `Http-` prefix
// (x-creativeai-signature -> Http-X-Creativeai-Signature).
import type { CapturedDelivery } from './sandbox';

export function zapierHeaderName(name: string): string {
	const camel = name
		.split('-')
		.map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
		.join('-');
	return `Http-${camel}`;
}

export function zapierRawRequest(delivery: CapturedDelivery) {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(delivery.headers)) {
		if (value !== undefined)
			headers[zapierHeaderName(name)] = Array.isArray(value) ? value[0] : value;
	}
	return { method: delivery.method, querystring: '', headers, content: delivery.body };
}

/** What Zapier passes for one delivery: the raw request and its parsed body. */
export function zapierHookBundle(delivery: CapturedDelivery) {
	return {
		rawRequest: zapierRawRequest(delivery),
		cleanedRequest: JSON.parse(delivery.body) as Record<string, unknown>,
	};
}
