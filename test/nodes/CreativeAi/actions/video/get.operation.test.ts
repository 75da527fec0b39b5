// Video → Get over real HTTP: the job as the API shows it, one output item per input item.
import { NodeApiError } from 'n8n-workflow';

import { executeNode } from '../../support/executeNode';
import { failureOf } from '../../support/failure';
import { credentialsFor, startSandbox, withClient } from '../../support/sandbox';

it('outputs the job of each id, in input order', async () => {
	const sandbox = await startSandbox();
	const [a, b] = await withClient(sandbox, async (client) => [
		await client.createVideo({ prompt: 'first' }),
		await client.createVideo({ prompt: 'second' }),
	]);

	const { output } = await executeNode({
		parameters: { resource: 'video', operation: 'get', id: (row: { id: string }) => row.id },
		items: [{ id: b.id }, { id: a.id }],
		credentials: credentialsFor(sandbox),
	});

	expect(output.map((item) => item.json.id)).toEqual([b.id, a.id]);
	expect(output.map((item) => item.json.prompt)).toEqual(['second', 'first']);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

it('an unknown id is a NodeApiError 404 naming the id', async () => {
	const sandbox = await startSandbox();
	const error = await failureOf(
		executeNode({
			parameters: { resource: 'video', operation: 'get', id: 'vgen_does_not_exist' },
			credentials: credentialsFor(sandbox),
		}),
	);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.httpCode).toBe('404');
	expect(error.message).toContain('vgen_does_not_exist');
});
