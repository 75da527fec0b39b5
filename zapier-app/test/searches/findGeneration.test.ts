import type { Sandbox } from '../../../src/runtime/sandbox';
import { app as App, appTester as newTester } from '../support/app';
import { startSandbox, stopSandbox } from '../support/sandbox';

const appTester = newTester();
const findGeneration = App.searches.findGeneration.operation;

let sandbox: Sandbox;
let authData: { api_key: string };

beforeAll(async () => {
	sandbox = await startSandbox();
	authData = { api_key: sandbox.apiKey };
});
afterAll(() => stopSandbox(sandbox));

describe('Find Generation', () => {
	it('finds a finished video by id, with its output as link and file', async () => {
		const job = await appTester(App.creates.createVideo.operation.perform, {
			authData,
			inputData: { prompt: 'Find me later' },
		});
		await sandbox.settled();
		const found = await appTester<unknown[]>(findGeneration.perform, {
			authData,
			inputData: { id: job.id },
		});
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ id: job.id, object: 'video.generation', status: 'completed' });
		expect((found[0] as { output_file: string }).output_file).toMatch(/^hydrate\|\|\|/);
	});

	it('finds a voice generation by its voice_ id', async () => {
		const job = await appTester(App.creates.createVoice.operation.perform, {
			authData,
			inputData: { text: 'Find this voice' },
		});
		const found = await appTester<unknown[]>(findGeneration.perform, {
			authData,
			inputData: { id: job.id },
		});
		expect(found).toEqual([expect.objectContaining({ id: job.id, object: 'voice.generation' })]);
	});

	it('returns nothing, not an error, for an id that does not exist', async () => {
		for (const id of ['vgen_000000000000000000000000', 'voice_000000000000000000000000']) {
			await expect(
				appTester(findGeneration.perform, { authData, inputData: { id } }),
			).resolves.toEqual([]);
		}
	});

	it('still reports a rejected key as an error, not as nothing found', async () => {
		await expect(
			appTester(findGeneration.perform, {
				authData: { api_key: 'rph_live_wrong_key_000' },
				inputData: { id: 'vgen_000000000000000000000000' },
			}),
		).rejects.toThrow(/did not accept this API key/);
	});
});
