// Checks a request an HTTP module sent, and the answer, against the contract's endpoint table:
// the endpoint exists for that method and path, the body passes the endpoint's (strict) schema,
// creates carry an Idempotency-Key, every call carries a Bearer key, and the answer is the
// endpoint's success status with a body its response schema accepts. Returns the problems.
import { endpoints, type EndpointSpec } from '../../../src/core/contract';
import type { SentRequest } from './runner';

export function contractProblems(request: SentRequest): string[] {
	const path = new URL(request.url).pathname;
	const endpoint = (Object.values(endpoints) as EndpointSpec[]).find(
		(spec) =>
			spec.method === request.method &&
			new RegExp(`^${spec.path.replace('{id}', '[^/]+')}$`).test(path),
	);
	if (!endpoint) return [`${request.method} ${path} is not an endpoint of the contract`];
	const problems: string[] = [];
	const header = (name: string) =>
		Object.entries(request.headers).find(([key]) => key.toLowerCase() === name)?.[1];
	if (!/^Bearer \S+$/.test(header('authorization') ?? '')) problems.push('no Bearer key');
	if (endpoint.idempotent && !header('idempotency-key')) problems.push('no Idempotency-Key');
	if (endpoint.body) {
		const parsed = endpoint.body.safeParse(JSON.parse(request.body ?? 'null'));
		if (!parsed.success) problems.push(`body: ${parsed.error.message}`);
	}
	if (request.status !== endpoint.successStatus) {
		problems.push(`answered ${request.status}, not ${endpoint.successStatus}`);
	} else if (endpoint.response && !endpoint.response.safeParse(request.responseBody).success) {
		problems.push(`the answer is not a ${endpoint.operationId} response`);
	}
	return problems;
}
