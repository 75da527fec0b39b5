// A hand-built IExecuteFunctions for one run of the CreativeAI node: parameters by name (dotted
// paths too), HTTP to the sandbox with the credential's Bearer key, and a record of what the node
// asked n8n to do with the execution (custom data, putExecutionToWait).
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { request } from 'undici';

import type { CreativeAiCredentials } from '../../../../nodes/CreativeAi/transport';
import { customDataOf } from '../../CreativeAiTrigger/fakeContexts';

export interface ExecuteRecord {
	customData: Record<string, string>;
	waitTill?: Date;
}

export interface ExecuteContextInput {
	items?: number;
	parameters: IDataObject;
	credentials: CreativeAiCredentials;
	resumeUrl?: string;
	executionId?: string;
}

export function executeContext(input: ExecuteContextInput): {
	context: IExecuteFunctions;
	record: ExecuteRecord;
} {
	const record: ExecuteRecord = { customData: {} };
	const executionId = input.executionId ?? '4711';
	const resumeUrl =
		input.resumeUrl ??
		`http://127.0.0.1:5678/webhook-waiting/${executionId}?signature=c2lnbmF0dXJlLXRva2Vu`;
	const context = {
		getInputData: () => Array.from({ length: input.items ?? 1 }, () => ({ json: {} })),
		getNodeParameter: (name: string, _index: number, fallback?: unknown) =>
			valueAt(input.parameters, name) ?? fallback,
		getNode: () => ({
			id: 'node-2',
			name: 'CreativeAI',
			type: 'CUSTOM.creativeAi',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getExecutionId: () => executionId,
		getExecutionCancelSignal: () => undefined,
		continueOnFail: () => false,
		getCredentials: async () => input.credentials,
		getWorkflowDataProxy: () => ({ $execution: { id: executionId, resumeUrl } }),
		customData: customDataOf(record.customData),
		putExecutionToWait: async (waitTill: Date) => {
			record.waitTill = waitTill;
		},
		helpers: {
			httpRequestWithAuthentication: async (_name: string, options: IHttpRequestOptions) => {
				const response = await request(options.url, {
					method: options.method as 'GET' | 'POST',
					headers: {
						...(options.headers as Record<string, string>),
						authorization: `Bearer ${input.credentials.apiKey}`,
					},
					body: options.body as string | undefined,
					reset: true,
				});
				const headers: Record<string, string> = {};
				for (const [key, value] of Object.entries(response.headers)) {
					if (typeof value === 'string') headers[key] = value;
				}
				return { statusCode: response.statusCode, headers, body: await response.body.text() };
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, record };
}

function valueAt(parameters: IDataObject, path: string): unknown {
	let value: unknown = parameters;
	for (const step of path.split('.')) {
		if (typeof value !== 'object' || value === null) return undefined;
		value = (value as IDataObject)[step];
	}
	return value;
}
