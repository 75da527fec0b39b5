// Video → Get Many over real HTTP: a limit, a status filter, and Return All across pages.
import type { Sandbox } from '../../../../../src/runtime/sandbox';
import { executeNode } from '../../support/executeNode';
import { credentialsFor, startSandbox, withClient } from '../../support/sandbox';

async function createVideos(sandbox: Sandbox, count: number): Promise<string[]> {
	return await withClient(sandbox, async (client) => {
		const ids: string[] = [];
		for (let n = 0; n < count; n++)
			ids.push((await client.createVideo({ prompt: `video ${n}` })).id);
		return ids;
	});
}

it('returns up to Limit videos, newest first', async () => {
	const sandbox = await startSandbox();
	const ids = await createVideos(sandbox, 5);
	const { output } = await executeNode({
		parameters: { resource: 'video', operation: 'getAll', returnAll: false, limit: 3 },
		credentials: credentialsFor(sandbox),
	});
	expect(output.map((item) => item.json.id)).toEqual(ids.slice(-3).reverse());
	expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
});

it('Return All reads page after page (more than the 100 a page holds)', async () => {
	const sandbox = await startSandbox({ initialCredits: 10_000 });
	const ids = await createVideos(sandbox, 130);
	const { output, calls } = await executeNode({
		parameters: { resource: 'video', operation: 'getAll', returnAll: true },
		credentials: credentialsFor(sandbox),
	});
	expect(output.map((item) => item.json.id)).toEqual([...ids].reverse());
	expect(calls.filter((call) => call.method === 'GET')).toHaveLength(2);
});

it('the Status filter keeps only jobs in that status', async () => {
	const sandbox = await startSandbox({ timeScale: 1 });
	await createVideos(sandbox, 2);
	const running = await executeNode({
		parameters: {
			resource: 'video',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'pending' },
		},
		credentials: credentialsFor(sandbox),
	});
	const done = await executeNode({
		parameters: {
			resource: 'video',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'completed' },
		},
		credentials: credentialsFor(sandbox),
	});
	expect(running.output.map((item) => item.json.status)).toEqual(['pending', 'pending']);
	expect(done.output).toEqual([]);
});
