// Hand-built n8n contexts for the trigger: the parts of IWebhookFunctions and IHookFunctions it
// calls, with HTTP going over real fetch (to the sandbox or a loopback server) and a response
// object that records what the sender was answered, and when.
import type {
	IBinaryData,
	IDataObject,
	IHookFunctions,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
} from 'n8n-workflow';

import { request } from 'undici';

import type { CreativeAiCredentials } from '../../../nodes/CreativeAi/transport';

export const API_KEY = 'rph_live_trigger_test_000000000000';

export interface Answer {
	status: number;
	body: string;
	headers: Record<string, string>;
}

/** What the sender saw, plus the order in which things happened. */
export interface Recorder {
	answers: Answer[];
	events: string[];
}

const NODE: INode = {
	id: 'node-1',
	name: 'CreativeAI Trigger',
	type: 'CUSTOM.creativeAiTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

async function fetchAsN8n(options: IHttpRequestOptions, recorder?: Recorder) {
	const method = (options.method ?? 'GET') as 'GET' | 'POST' | 'DELETE';
	recorder?.events.push(`request ${method} ${options.url}`);
	const response = await request(options.url, {
		method,
		headers: options.headers as Record<string, string> | undefined,
		body: options.body as string | undefined,
		reset: true,
	});
	const body =
		options.encoding === 'stream'
			? // A refused download is destroyed unread; undici reports that as an error event.
				response.body.on('error', () => undefined)
			: options.encoding === 'arraybuffer'
				? await response.body.arrayBuffer()
				: await response.body.text();
	if (response.statusCode >= 400 && options.ignoreHttpStatusErrors !== true) {
		throw Object.assign(new Error(`HTTP ${response.statusCode}`), {
			httpCode: String(response.statusCode),
		});
	}
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(response.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return options.returnFullResponse ? { statusCode: response.statusCode, headers, body } : body;
}

export interface WebhookContextInput {
	rawBody?: Buffer;
	headers: Record<string, string>;
	parameters?: IDataObject;
	credentials?: Partial<CreativeAiCredentials>;
	mode?: 'manual' | 'trigger' | 'webhook';
	workflowId?: string;
	nodeId?: string;
	recorder?: Recorder;
	/** The waiting execution's custom data, as n8n hands it to a resume webhook. */
	customData?: Record<string, string>;
}

export function webhookContext(input: WebhookContextInput): IWebhookFunctions {
	const recorder = input.recorder ?? { answers: [], events: [] };
	const parameters: IDataObject = {
		events: ['video.generation.completed', 'voice.generation.completed'],
		registration: 'automatic',
		options: {},
		...input.parameters,
	};
	const answer: Answer = { status: 200, body: '', headers: {} };
	const response = {
		setHeader(name: string, value: string) {
			answer.headers[name.toLowerCase()] = value;
		},
		status(code: number) {
			answer.status = code;
			return response;
		},
		type() {
			return response;
		},
		send(body: string) {
			answer.body = body;
			recorder.answers.push({ ...answer });
			recorder.events.push(`answered ${answer.status}`);
		},
	};
	const credentials = { apiKey: API_KEY, ...input.credentials };
	const context = {
		getRequestObject: () => ({ rawBody: input.rawBody, headers: input.headers }),
		getResponseObject: () => response,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getWorkflow: () => ({ id: input.workflowId ?? 'wf-1', active: true }),
		getNode: () => ({ ...NODE, id: input.nodeId ?? NODE.id }),
		getMode: () => input.mode ?? 'webhook',
		customData: customDataOf(input.customData ?? {}),
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => await fetchAsN8n(options, recorder),
			httpRequestWithAuthentication: async (_name: string, options: IHttpRequestOptions) =>
				await fetchAsN8n(withBearer(options, credentials.apiKey), recorder),
			prepareBinaryData: async (
				data: Buffer | AsyncIterable<Buffer>,
				fileName?: string,
				mimeType?: string,
			) => {
				const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(await chunksOf(data));
				return {
					data: bytes.toString('base64'),
					fileName,
					mimeType: mimeType ?? 'application/octet-stream',
					fileSize: String(bytes.length),
				} as IBinaryData;
			},
		},
	};
	return context as unknown as IWebhookFunctions;
}

export interface HookContextInput {
	baseUrl: string;
	webhookUrl: string;
	parameters?: IDataObject;
	credentials?: Partial<CreativeAiCredentials>;
}

export function hookContext(input: HookContextInput): IHookFunctions {
	const parameters: IDataObject = {
		events: ['video.generation.completed', 'voice.generation.completed'],
		registration: 'automatic',
		...input.parameters,
	};
	const credentials = {
		apiKey: API_KEY,
		baseUrl: input.baseUrl,
		allowPrivateCallbackUrls: true,
		...input.credentials,
	};
	const context = {
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getNodeWebhookUrl: () => input.webhookUrl,
		getNode: () => NODE,
		helpers: {
			httpRequestWithAuthentication: async (_credential: string, options: IHttpRequestOptions) =>
				await fetchAsN8n(withBearer(options, credentials.apiKey)),
		},
	};
	return context as unknown as IHookFunctions;
}

/** What the credential's `authenticate` adds to every authenticated request. */
function withBearer(options: IHttpRequestOptions, apiKey: string): IHttpRequestOptions {
	return { ...options, headers: { ...options.headers, authorization: `Bearer ${apiKey}` } };
}

async function chunksOf(stream: AsyncIterable<Buffer>): Promise<Buffer[]> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return chunks;
}

/** n8n's execution custom data over a plain record. */
export function customDataOf(record: Record<string, string>) {
	return {
		set: (key: string, value: string) => void (record[key] = value),
		setAll: (values: Record<string, string>) => void Object.assign(record, values),
		get: (key: string) => record[key],
		getAll: () => ({ ...record }),
	};
}
