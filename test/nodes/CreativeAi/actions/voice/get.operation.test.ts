// Voice → Get and Voice → Download by id, over real HTTP against the sandbox.
import { waitForCompletion } from '../../../../../src/core';
import { executeNode } from '../../support/executeNode';
import { credentialsFor, startSandbox, withClient } from '../../support/sandbox';

it('Get outputs the voice job; Download adds its WAV', async () => {
	const sandbox = await startSandbox();
	const job = await withClient(sandbox, async (client) => {
		const created = await client.createVoice({ text: 'Hello there' });
		return await waitForCompletion(client, created, { intervalMs: 20 });
	});
	const credentials = credentialsFor(sandbox);

	const got = await executeNode({
		parameters: { resource: 'voice', operation: 'get', id: job.id },
		credentials,
	});
	const downloaded = await executeNode({
		parameters: {
			resource: 'voice',
			operation: 'download',
			id: job.id,
			binaryPropertyName: 'data',
		},
		credentials,
	});

	expect(got.output[0].json).toMatchObject({
		id: job.id,
		status: 'completed',
		text: 'Hello there',
	});
	expect(downloaded.output[0].binary?.data.fileName).toBe(`${job.id}.wav`);
	expect(downloaded.files.get(`${job.id}.wav`)?.subarray(0, 4).toString('latin1')).toBe('RIFF');
});
