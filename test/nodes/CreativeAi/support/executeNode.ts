// Runs the CreativeAI node's `execute` outside n8n, with an IExecuteFunctions that behaves like
// n8n 2.41's where the node depends on it: parameters per item (with dotted paths and fallbacks),
// the credential, Continue On Fail, the execution's cancel signal, and HTTP helpers that really
// go over the network (undici, loopback) and fail the way n8n's do (httpRequestWithAuthentication
// adds the credential's Bearer header, replaces the request's abort signal with the execution's,
// and wraps a failure in NodeApiError with axios' error code underneath). The real n8n tests in
// test/n8n/ check the same paths through n8n's own helpers.
import { Readable } from 'node:stream';

import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { request } from 'undici';

import { CreativeAi } from '../../../../nodes/CreativeAi/CreativeAi.node';

export interface Credentials {
	apiKey: string;
	baseUrl?: string;
	webhookSecret?: string;
	allowPrivateCallbackUrls?: boolean;
}

/** A parameter's value, or a function of the item (an n8n expression such as {{ $json.prompt }}). */
export type ParameterValue = unknown | ((item: IDataObject, itemIndex: number) => unknown);

export interface ExecuteOptions {
	parameters: Record<string, ParameterValue>;
	items?: IDataObject[];
	credentials: Credentials;
	continueOnFail?: boolean;
	executionId?: string;
	nodeId?: string;
	cancelSignal?: AbortSignal;
	/** Where to note each HTTP call as it starts (default: a new array, returned as `calls`). */
	calls?: HttpCall[];
}

export interface HttpCall {
	method: string;
	url: string;
	headers: Record<string, string>;
	authenticated: boolean;
}

export interface ExecuteResult {
	output: INodeExecutionData[];
	calls: HttpCall[];
	/** Binary data as prepareBinaryData received it, by file name. */
	files: Map<string, Buffer>;
}

export const NODE: INode = {
	id: 'node-creativeai-1',
	name: 'CreativeAI',
	type: 'n8n-nodes-creativeai.creativeAi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

class AxiosLikeError extends Error {
	readonly code: string | undefined;
	constructor(message: string, code: string | undefined, cause: unknown) {
		super(message, { cause });
		this.name = 'AxiosError';
		this.code = code;
	}
}

function parameterAt(
	parameters: Record<string, ParameterValue>,
	name: string,
	item: IDataObject,
	itemIndex: number,
): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (typeof value !== 'object' || value === null || !(part in value)) return undefined;
		value = (value as Record<string, unknown>)[part];
	}
	return resolve(value, item, itemIndex);
}

function resolve(value: unknown, item: IDataObject, itemIndex: number): unknown {
	if (typeof value === 'function')
		return (value as (i: IDataObject, n: number) => unknown)(item, itemIndex);
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		return Object.fromEntries(
			Object.entries(value).map(([key, inner]) => [key, resolve(inner, item, itemIndex)]),
		);
	}
	return value;
}

async function send(
	options: IHttpRequestOptions,
	headers: Record<string, string>,
	signal: AbortSignal | undefined,
): Promise<{ statusCode: number; headers: Record<string, unknown>; body: unknown }> {
	try {
		const response = await request(options.url, {
			method: (options.method ?? 'GET') as 'GET',
			headers,
			body: typeof options.body === 'string' ? options.body : undefined,
			signal,
			headersTimeout: options.timeout,
			bodyTimeout: options.timeout,
		});
		const body =
			options.encoding === 'stream' ? Readable.from(response.body) : await response.body.text();
		if (!options.ignoreHttpStatusErrors && response.statusCode >= 400) {
			throw new AxiosLikeError(
				`Request failed with status code ${response.statusCode}`,
				'ERR_BAD_RESPONSE',
				undefined,
			);
		}
		return { statusCode: response.statusCode, headers: response.headers, body };
	} catch (error) {
		if (error instanceof AxiosLikeError) throw error;
		const code = (error as { code?: string }).code;
		const name = (error as { name?: string }).name;
		throw new AxiosLikeError(
			(error as Error).message,
			name === 'AbortError'
				? 'ERR_CANCELED'
				: code === 'UND_ERR_HEADERS_TIMEOUT'
					? 'ECONNABORTED'
					: code,
			error,
		);
	}
}

export async function executeNode(options: ExecuteOptions): Promise<ExecuteResult> {
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const calls: HttpCall[] = options.calls ?? [];
	const files = new Map<string, Buffer>();
	const node: INode = { ...NODE, id: options.nodeId ?? NODE.id };

	const context = {
		getInputData: () => items,
		getNode: () => node,
		getExecutionId: () => options.executionId ?? 'execution-1',
		getExecutionCancelSignal: () => options.cancelSignal,
		continueOnFail: () => options.continueOnFail === true,
		getCredentials: async (type: string) => {
			if (type !== 'creativeAiApi') throw new Error(`unexpected credential type ${type}`);
			return { ...options.credentials };
		},
		getNodeParameter: (...args: [name: string, itemIndex: number, fallback?: unknown]) => {
			const [name, itemIndex, fallback] = args;
			const value = parameterAt(options.parameters, name, items[itemIndex]?.json ?? {}, itemIndex);
			if (value !== undefined) return value;
			if (args.length >= 3) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		helpers: {
			httpRequestWithAuthentication: async function (
				this: unknown,
				credentialType: string,
				requestOptions: IHttpRequestOptions,
			) {
				const headers = {
					...(requestOptions.headers as Record<string, string>),
					Authorization: `Bearer ${options.credentials.apiKey}`,
				};
				calls.push({
					method: requestOptions.method ?? 'GET',
					url: requestOptions.url,
					headers,
					authenticated: credentialType === 'creativeAiApi',
				});
				try {
					// n8n replaces the request's signal with the execution's cancel signal.
					return await send(requestOptions, headers, options.cancelSignal);
				} catch (error) {
					throw new NodeApiError(node, error as never);
				}
			},
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const headers = (requestOptions.headers ?? {}) as Record<string, string>;
				calls.push({
					method: requestOptions.method ?? 'GET',
					url: requestOptions.url,
					headers,
					authenticated: false,
				});
				return await send(requestOptions, headers, requestOptions.abortSignal as AbortSignal);
			},
			prepareBinaryData: async (
				data: Buffer | Readable,
				fileName?: string,
				mimeType?: string,
			): Promise<IBinaryData> => {
				const chunks: Buffer[] = [];
				if (Buffer.isBuffer(data)) chunks.push(data);
				else for await (const chunk of data) chunks.push(Buffer.from(chunk as Uint8Array));
				const bytes = Buffer.concat(chunks);
				files.set(fileName ?? 'file', bytes);
				return {
					data: 'stored',
					mimeType: mimeType ?? 'application/octet-stream',
					fileName,
					fileSize: String(bytes.length),
				};
			},
		},
	} as unknown as IExecuteFunctions;

	const [output] = await new CreativeAi().execute.call(context);
	return { output, calls, files };
}
