// Video → Download: a completed job's file as binary data, streamed; a job not yet done and an
// expired link are errors that say what to do; an expired link is answered by a fresh one when
// the service gives one (a fake service on loopback that rotates its links).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeOperationError } from 'n8n-workflow';

import { executeNode } from '../../support/executeNode';
import { failureOf } from '../../support/failure';
import { credentialsFor, FAST_POLL, startSandbox, withClient } from '../../support/sandbox';

const MP4_HEAD = Buffer.from('0000001c667479706d703432', 'hex');

it('downloads a completed video as an MP4 named after the job', async () => {
	const sandbox = await startSandbox();
	const job = await withClient(sandbox, async (client) => {
		const created = await client.createVideo({ prompt: 'a lake' });
		const { waitForCompletion } = await import('../../../../../src/core');
		return await waitForCompletion(client, created, { intervalMs: 20 });
	});
	const { output, files } = await executeNode({
		parameters: {
			resource: 'video',
			operation: 'download',
			id: job.id,
			binaryPropertyName: 'file',
		},
		credentials: credentialsFor(sandbox),
	});
	expect(output[0].json.id).toBe(job.id);
	expect(output[0].binary?.file).toMatchObject({
		mimeType: 'video/mp4',
		fileName: `${job.id}.mp4`,
	});
	expect(files.get(`${job.id}.mp4`)?.subarray(4, 8).toString('latin1')).toBe('ftyp');
});

it('a job still running is an error saying the file comes once it is completed', async () => {
	const sandbox = await startSandbox({ timeScale: 1 });
	const job = await withClient(
		sandbox,
		async (client) => await client.createVideo({ prompt: 'x' }),
	);
	const error = await failureOf(
		executeNode({
			parameters: {
				resource: 'video',
				operation: 'download',
				id: job.id,
				binaryPropertyName: 'data',
			},
			credentials: credentialsFor(sandbox),
		}),
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toBe(
		`Job ${job.id} is pending: its file can be downloaded once it is completed.`,
	);
});

it('an expired link with no fresh one is an error naming HTTP 410 and the job', async () => {
	// Links last 1 s here; the sandbox's link stays the same on every read.
	const sandbox = await startSandbox({ linkTtlSeconds: 1 });
	const { output } = await executeNode({
		parameters: {
			resource: 'video',
			operation: 'create',
			prompt: 'x',
			waitMode: 'poll',
			options: FAST_POLL,
		},
		credentials: credentialsFor(sandbox),
	});
	const id = String(output[0].json.id);
	await new Promise((resolve) => setTimeout(resolve, 2_100));
	const error = await failureOf(
		executeNode({
			parameters: { resource: 'video', operation: 'download', id, binaryPropertyName: 'data' },
			credentials: credentialsFor(sandbox),
			continueOnFail: false,
		}),
	);
	expect(error.message).toBe(
		`Downloading the output of job ${id} failed: the file host answered HTTP 410.`,
	);
	expect(error.description).toMatch(/expired/);
	expect(error.context).toMatchObject({ itemIndex: 0, jobId: id });
});

describe('with a service that hands out a fresh link on each read', () => {
	let server: Server;
	let baseUrl: string;
	let reads = 0;

	beforeAll(async () => {
		server = createServer((req, res) => {
			if (req.url === '/v1/video/generations/vgen_rotating') {
				reads += 1;
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						id: 'vgen_rotating',
						object: 'video.generation',
						status: 'completed',
						model: 'auto',
						model_actual: 'kling-v3',
						credits: 3,
						failover_used: false,
						output_url: `${baseUrl}/files/link-${reads}.mp4`,
						error_message: null,
						created_at: '2026-12-05T10:00:00.000Z',
						completed_at: '2026-12-05T10:03:00.000Z',
					}),
				);
			} else if (req.url === '/files/link-1.mp4') {
				res.writeHead(410).end();
			} else if (req.url === '/files/link-2.mp4') {
				res.writeHead(200, { 'content-type': 'video/mp4' }).end(MP4_HEAD);
			} else {
				res.writeHead(404).end();
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((resolve) => server.close(resolve));
	});

	it('reads the job again after a 410 and downloads from the new link', async () => {
		const { output, files, calls } = await executeNode({
			parameters: {
				resource: 'video',
				operation: 'download',
				id: 'vgen_rotating',
				binaryPropertyName: 'data',
			},
			credentials: { apiKey: 'rph_test_fake_service', baseUrl },
		});
		expect(calls.map((call) => new URL(call.url).pathname)).toEqual([
			'/v1/video/generations/vgen_rotating',
			'/files/link-1.mp4',
			'/v1/video/generations/vgen_rotating',
			'/files/link-2.mp4',
		]);
		expect(output[0].json.output_url).toBe(`${baseUrl}/files/link-2.mp4`);
		expect(files.get('vgen_rotating.mp4')).toEqual(MP4_HEAD);
	});
});
