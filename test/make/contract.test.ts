// The checker's contract check refuses what the service would: an unknown path, a body outside
// the schema, a create without an Idempotency-Key, an answer that is not the success status.
import { contractProblems } from '../support/make/contract';
import type { SentRequest } from '../support/make/runner';

const create: SentRequest = {
	moduleId: 3,
	method: 'POST',
	url: 'http://127.0.0.1:1/v1/video/generations',
	headers: { Authorization: 'Bearer rph_test_sandbox', 'Idempotency-Key': 'row-1' },
	body: JSON.stringify({ prompt: 'A lake', duration: 5 }),
	status: 202,
	responseBody: {
		id: 'vgen_1',
		object: 'video.generation',
		status: 'pending',
		model: 'auto',
		model_actual: null,
		credits: 5,
		failover_used: false,
		output_url: null,
		error_message: null,
		created_at: '2030-01-01T00:00:00.000Z',
		completed_at: null,
	},
};

it('accepts a create as the contract describes it', () => {
	expect(contractProblems(create)).toEqual([]);
});

it('names each way a request or its answer leaves the contract', () => {
	expect(contractProblems({ ...create, url: 'http://127.0.0.1:1/v1/videos' })).toEqual([
		'POST /v1/videos is not an endpoint of the contract',
	]);
	expect(
		contractProblems({ ...create, headers: { Authorization: 'Bearer rph_test_sandbox' } }),
	).toEqual(['no Idempotency-Key']);
	expect(
		contractProblems({ ...create, body: JSON.stringify({ prompt: 'A lake', colour: 'red' }) }),
	).toEqual([expect.stringMatching(/^body: /)]);
	expect(contractProblems({ ...create, status: 422 })).toEqual(['answered 422, not 202']);
	expect(contractProblems({ ...create, responseBody: { id: 'vgen_1' } })).toEqual([
		'the answer is not a createVideo response',
	]);
});
