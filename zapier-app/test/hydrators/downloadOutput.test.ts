// The output file hydrator, end to end offline: the sandbox serves the generation's file, and a
// fake of Zapier's RPC and file store (z.stashFile asks the RPC for a presigned upload form, then
// posts the file to it) receives the upload. zapier-platform-core reads where its RPC lives when
// it loads, so it is loaded here after the fake has started.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Sandbox } from '../../../src/runtime/sandbox';
import type * as AppSupport from '../support/app';
import type { Tester } from '../support/app';
import { startSandbox, stopSandbox } from '../support/sandbox';

interface FakeZapierFiles {
	url: string;
	uploads: Buffer[];
	server: Server;
}

async function startFakeZapierFiles(): Promise<FakeZapierFiles> {
	const uploads: Buffer[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			if (req.url === '/platform/rpc/cli') {
				const { id, method } = JSON.parse(body.toString('utf8')) as { id: string; method: string };
				const result =
					method === 'get_presigned_upload_post_data'
						? { url: `${base}/upload/`, fields: { key: 'stash/output-file' } }
						: null;
				res
					.writeHead(200, { 'content-type': 'application/json' })
					.end(JSON.stringify({ id, result }));
				return;
			}
			uploads.push(body);
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url: base, uploads, server };
}

let sandbox: Sandbox;
let files: FakeZapierFiles;
let appTester: Tester;
let app: typeof AppSupport.app;

beforeAll(async () => {
	sandbox = await startSandbox();
	files = await startFakeZapierFiles();
	process.env.ZAPIER_BASE_ENDPOINT = files.url;
	process.env.ZAPIER_DEPLOY_KEY = 'fake-deploy-key';
	jest.resetModules();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const support = require('../support/app') as typeof AppSupport;
	app = support.app;
	appTester = support.appTester();
});
afterAll(async () => {
	await stopSandbox(sandbox);
	await new Promise<void>((resolve) => files?.server.close(() => resolve()));
	delete process.env.ZAPIER_BASE_ENDPOINT;
	delete process.env.ZAPIER_DEPLOY_KEY;
});

async function finishedVideo() {
	const job = await appTester(app.creates.createVideo.operation.perform, {
		authData: { api_key: sandbox.apiKey },
		inputData: { prompt: 'A file to keep' },
	});
	await sandbox.settled();
	const [found] = await appTester<Array<{ output_url: string; output_file: string }>>(
		app.searches.findGeneration.operation.perform,
		{ authData: { api_key: sandbox.apiKey }, inputData: { id: job.id } },
	);
	return found;
}

describe('the output file hydrator', () => {
	it("downloads the generation's file and stores exactly its bytes with Zapier", async () => {
		const { output_url: outputUrl, output_file: pointer } = await finishedVideo();
		const expected = Buffer.from(await (await fetch(outputUrl)).arrayBuffer());
		const { bundle } = JSON.parse(pointer.split('|||')[1]) as { bundle: { url: string } };

		const stored = await appTester<string>(app.hydrators.downloadOutput, {
			authData: { api_key: sandbox.apiKey },
			inputData: bundle,
		});

		expect(stored).toBe(`${files.url}/upload/stash/output-file`);
		expect(files.uploads).toHaveLength(1);
		expect(expected.length).toBeGreaterThan(0);
		expect(files.uploads[0].includes(expected)).toBe(true);
	});

	it('explains an output link that no longer works instead of storing an error page', async () => {
		const { output_url: outputUrl } = await finishedVideo();
		const tampered = new URL(outputUrl);
		tampered.searchParams.set('sig', '0'.repeat(64));
		const uploadsBefore = files.uploads.length;
		await expect(
			appTester(app.hydrators.downloadOutput, {
				authData: { api_key: sandbox.apiKey },
				inputData: { url: tampered.href },
			}),
		).rejects.toThrow(/output link no longer works \(HTTP 403\).*Find Generation/);
		expect(files.uploads.length).toBe(uploadsBefore);
	});
});
