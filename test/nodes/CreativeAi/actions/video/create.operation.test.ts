// Video → Create over real HTTP against the sandbox: what each item becomes, the Idempotency-Key
// rules, the webhook URL check, the wait modes, Concurrency, and the errors a user sees.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { executeNode, type ExecuteOptions, type HttpCall } from '../../support/executeNode';
import { failureOf } from '../../support/failure';
import { credentialsFor, FAST_POLL, startSandbox } from '../../support/sandbox';

const ROWS = [{ prompt: 'A lake at dawn' }, { prompt: 'A city at night' }, { prompt: 'A forest' }];
const fromRow = (item: Record<string, unknown>) => item.prompt;

function create(parameters: Record<string, unknown>): ExecuteOptions['parameters'] {
	return { resource: 'video', operation: 'create', prompt: fromRow, ...parameters };
}

describe("Don't wait", () => {
	it('outputs each accepted job in input order, paired with its item', async () => {
		const sandbox = await startSandbox();
		const { output } = await executeNode({
			parameters: create({ waitMode: 'none' }),
			items: ROWS,
			credentials: credentialsFor(sandbox),
		});
		expect(output.map((item) => item.json.prompt)).toEqual(ROWS.map((row) => row.prompt));
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.every((item) => String(item.json.id).startsWith('vgen_'))).toBe(true);
		expect(sandbox.jobs()).toHaveLength(3);
	});

	it('sends every field of the form as the API request', async () => {
		const sandbox = await startSandbox({ allowPrivateCallbacks: true });
		await executeNode({
			parameters: create({
				model: 'seedance-1.5-pro',
				additionalFields: {
					aspectRatio: '9:16',
					duration: 10,
					resolution: '1080p',
					failover: false,
					imageUrl: 'https://example.com/first-frame.jpg',
					webhookUrl: 'http://127.0.0.1:9/hooks/creativeai',
				},
			}),
			items: [ROWS[0]],
			credentials: credentialsFor(sandbox, { allowPrivateCallbackUrls: true }),
		});
		const [job] = sandbox.jobs();
		expect(job).toMatchObject({
			prompt: 'A lake at dawn',
			model: 'seedance-1.5-pro',
			aspect_ratio: '9:16',
			duration: 10,
			resolution: '1080p',
			image_url: 'https://example.com/first-frame.jpg',
			webhook_url: 'http://127.0.0.1:9/hooks/creativeai',
		});
	});

	it('sends the credential as a Bearer header added by n8n, and an Idempotency-Key', async () => {
		const sandbox = await startSandbox();
		const { calls } = await executeNode({
			parameters: create({}),
			items: [ROWS[0]],
			credentials: credentialsFor(sandbox),
		});
		expect(calls).toHaveLength(1);
		expect(calls[0].authenticated).toBe(true);
		expect(calls[0].headers.Authorization).toBe(`Bearer ${sandbox.apiKey}`);
		expect(calls[0].headers['Idempotency-Key']).toMatch(/^n8n-[0-9a-f]{64}$/);
	});
});

describe('Idempotency-Key', () => {
	it('a retry of the same execution and items (Retry On Fail) returns the same jobs, paid once', async () => {
		const sandbox = await startSandbox();
		const options = { parameters: create({}), items: ROWS, credentials: credentialsFor(sandbox) };
		const first = await executeNode({ ...options, executionId: '41' });
		const retry = await executeNode({ ...options, executionId: '41' });
		expect(retry.output.map((item) => item.json.id)).toEqual(
			first.output.map((item) => item.json.id),
		);
		expect(sandbox.jobs()).toHaveLength(3);
		expect(sandbox.ledger().filter((entry) => entry.kind === 'debit')).toHaveLength(3);
	});

	it('a new execution creates new jobs', async () => {
		const sandbox = await startSandbox();
		const options = { parameters: create({}), items: ROWS, credentials: credentialsFor(sandbox) };
		await executeNode({ ...options, executionId: '41' });
		await executeNode({ ...options, executionId: '42' });
		expect(sandbox.jobs()).toHaveLength(6);
	});

	it("the user's key finds the same job from another execution; a changed request is a new job", async () => {
		const sandbox = await startSandbox();
		const parameters = create({ options: { idempotencyKey: (row: { key: string }) => row.key } });
		const rows = [
			{ key: 'row-17', prompt: 'A lake at dawn' },
			{ key: 'row-18', prompt: 'A forest' },
		];
		const credentials = credentialsFor(sandbox);
		const first = await executeNode({ parameters, items: rows, credentials, executionId: '1' });
		const again = await executeNode({ parameters, items: rows, credentials, executionId: '2' });
		expect(again.output.map((item) => item.json.id)).toEqual(
			first.output.map((item) => item.json.id),
		);
		expect(sandbox.jobs()).toHaveLength(2);

		const edited = [{ key: 'row-17', prompt: 'A lake at dusk' }];
		const third = await executeNode({ parameters, items: edited, credentials, executionId: '3' });
		expect(third.output[0].json.id).not.toBe(first.output[0].json.id);
		expect(sandbox.jobs()).toHaveLength(3);
	});
});

describe('webhook URL', () => {
	it('refuses a private URL before submitting, naming the reason, and charges nothing', async () => {
		const sandbox = await startSandbox();
		const error = await failureOf(
			executeNode({
				parameters: create({ additionalFields: { webhookUrl: 'http://10.0.0.5/hook' } }),
				items: [ROWS[0]],
				credentials: credentialsFor(sandbox),
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Webhook URL: /);
		expect(error.message).toMatch(/private/i);
		expect(error.context.itemIndex).toBe(0);
		expect(sandbox.jobs()).toHaveLength(0);
	});

	it('with Continue On Fail, only the row with the refused URL becomes an error item', async () => {
		const sandbox = await startSandbox();
		const { output } = await executeNode({
			parameters: create({ additionalFields: { webhookUrl: (row: { hook: string }) => row.hook } }),
			items: [
				{ prompt: 'one', hook: 'https://hooks.example.com/a' },
				{ prompt: 'two', hook: 'http://169.254.169.254/latest' },
				{ prompt: 'three', hook: 'https://hooks.example.com/c' },
			],
			credentials: credentialsFor(sandbox),
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.status ?? 'error')).toEqual([
			'pending',
			'error',
			'pending',
		]);
		expect(String(output[1].json.error)).toMatch(/^Webhook URL: /);
		expect(output[1].json.jobId).toBeNull();
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(sandbox.jobs()).toHaveLength(2);
	});
});

describe('input errors', () => {
	it('names the field the service would refuse', async () => {
		const sandbox = await startSandbox();
		const error = await failureOf(
			executeNode({
				parameters: create({ additionalFields: { imageUrl: 'ftp://example.com/a.jpg' } }),
				items: [ROWS[0]],
				credentials: credentialsFor(sandbox),
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('image_url');
		expect(sandbox.jobs()).toHaveLength(0);
	});

	it('a rejected API key is a NodeApiError with status 401 that never repeats the key', async () => {
		const sandbox = await startSandbox();
		const wrongKey = 'rph_live_this_key_is_wrong_0123456789';
		const error = await failureOf(
			executeNode({
				parameters: create({}),
				items: [ROWS[0]],
				credentials: credentialsFor(sandbox, { apiKey: wrongKey }),
			}),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/API key was rejected/);
		expect(
			JSON.stringify({ message: error.message, description: error.description }),
		).not.toContain(wrongKey);
	});

	it('an unreachable service is a plain message naming where it looked', async () => {
		const error = await failureOf(
			executeNode({
				parameters: create({}),
				items: [ROWS[0]],
				credentials: { apiKey: 'rph_live_unreachable_key_000', baseUrl: 'http://127.0.0.1:1' },
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Could not reach CreativeAI at http://127.0.0.1:1 (the connection was refused). Check the Base URL in the credential and that the service is reachable from n8n.',
		);
		expect(error.message).not.toContain('rph_live_unreachable_key_000');
	}, 60_000);
});

describe('Poll until done', () => {
	it('outputs the completed jobs, in input order', async () => {
		const sandbox = await startSandbox();
		const { output } = await executeNode({
			parameters: create({ waitMode: 'poll', options: FAST_POLL }),
			items: ROWS,
			credentials: credentialsFor(sandbox),
		});
		expect(output.map((item) => item.json.status)).toEqual(['completed', 'completed', 'completed']);
		expect(output.map((item) => item.json.prompt)).toEqual(ROWS.map((row) => row.prompt));
		expect(output.every((item) => item.binary === undefined)).toBe(true);
	});

	it('with Download Output, adds the MP4 under the chosen field, named after the job', async () => {
		const sandbox = await startSandbox();
		const { output, files } = await executeNode({
			parameters: create({
				waitMode: 'poll',
				downloadOutput: true,
				binaryPropertyName: 'clip',
				options: FAST_POLL,
			}),
			items: [ROWS[0]],
			credentials: credentialsFor(sandbox),
		});
		const [item] = output;
		const fileName = `${String(item.json.id)}.mp4`;
		expect(item.binary?.clip).toMatchObject({ mimeType: 'video/mp4', fileName });
		expect(files.get(fileName)?.subarray(4, 8).toString('latin1')).toBe('ftyp');
	});

	it('the file is fetched without the API key (the link is its own credential)', async () => {
		const sandbox = await startSandbox();
		const { calls } = await executeNode({
			parameters: create({ waitMode: 'poll', downloadOutput: true, options: FAST_POLL }),
			items: [ROWS[0]],
			credentials: credentialsFor(sandbox),
		});
		const download = calls.find((call) => call.url.includes('/files/'));
		expect(download?.authenticated).toBe(false);
		expect(download?.headers.Authorization).toBeUndefined();
	});

	it('a job that fails is an error quoting its id, for the right item', async () => {
		const sandbox = await startSandbox({
			faults: { providerSubmitErrorRate: { 'kling-o3-pro': 1 } },
		});
		const error = await failureOf(
			executeNode({
				parameters: create({
					waitMode: 'poll',
					model: 'kling-o3-pro',
					additionalFields: { failover: false },
					options: FAST_POLL,
				}),
				items: [ROWS[0]],
				credentials: credentialsFor(sandbox),
			}),
		);
		const [job] = sandbox.jobs();
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain(job.id);
		expect(error.context).toMatchObject({ itemIndex: 0, jobId: job.id });
	});

	it('Maximum Wait ends the wait with the job id, saying the job may still finish', async () => {
		const sandbox = await startSandbox({ timeScale: 1 });
		const error = await failureOf(
			executeNode({
				parameters: create({ waitMode: 'poll', maxWaitMinutes: 0.002, options: FAST_POLL }),
				items: [ROWS[0]],
				credentials: credentialsFor(sandbox),
			}),
		);
		const [job] = sandbox.jobs();
		expect(error.message).toContain(job.id);
		expect(error.message).toMatch(/may still complete/);
		expect(error.context.jobId).toBe(job.id);
	});

	it("the execution's cancel signal stops polling: no request after the stop", async () => {
		// A render of about 3.6 s: the first poll comes after half the estimate, the node then waits.
		const sandbox = await startSandbox({ timeScale: 50 });
		const cancel = new AbortController();
		const calls: HttpCall[] = [];
		const outcome = executeNode({
			parameters: create({ waitMode: 'poll', options: FAST_POLL }),
			items: [ROWS[0]],
			credentials: credentialsFor(sandbox),
			cancelSignal: cancel.signal,
			calls,
		}).catch((error: unknown) => error as Error);
		while (!calls.some((call) => call.method === 'GET')) {
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		cancel.abort();
		const callsAtStop = calls.length;
		const error = await outcome;
		// Many poll intervals (20 ms each) later, still nothing new.
		await new Promise((resolve) => setTimeout(resolve, 200));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/cancelled/);
		expect((error as Error).message).toContain(sandbox.jobs()[0].id);
		expect(calls).toHaveLength(callsAtStop);
	});
});

describe('Concurrency', () => {
	it('with Concurrency 1, the next item is submitted only after the previous one is done', async () => {
		const sandbox = await startSandbox();
		const { calls } = await executeNode({
			parameters: create({ waitMode: 'poll', options: { ...FAST_POLL, concurrency: 1 } }),
			items: ROWS,
			credentials: credentialsFor(sandbox),
		});
		const posts = calls
			.map((call, index) => (call.method === 'POST' ? index : -1))
			.filter((i) => i >= 0);
		expect(posts).toHaveLength(3);
		// Between two POSTs there is at least one GET: the first job was polled to the end.
		expect(calls.slice(posts[0] + 1, posts[1]).some((call) => call.method === 'GET')).toBe(true);
		expect(calls.slice(posts[1] + 1, posts[2]).some((call) => call.method === 'GET')).toBe(true);
	});

	it('with Concurrency 3, all three items are submitted before any is polled', async () => {
		const sandbox = await startSandbox();
		const { calls } = await executeNode({
			parameters: create({ waitMode: 'poll', options: { ...FAST_POLL, concurrency: 3 } }),
			items: ROWS,
			credentials: credentialsFor(sandbox),
		});
		expect(calls.slice(0, 3).map((call) => call.method)).toEqual(['POST', 'POST', 'POST']);
	});
});
