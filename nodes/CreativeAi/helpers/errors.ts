// Turns whatever an item's work threw into what n8n shows: NodeApiError for an answer from the
// API (with its HTTP status), NodeOperationError for everything else; or, with Continue On Fail,
// an error item. Rule: once a job exists its id is in the message, so a paid render is never lost.
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

interface CoreErrorShape {
	message: string;
	code?: string;
	status?: number;
	requestId?: string;
}

/** The core's errors are read by shape: the core may be loaded from more than one copy. */
function readError(error: unknown): CoreErrorShape {
	if (error instanceof Error) {
		const { code, status, requestId } = error as Error & Partial<CoreErrorShape>;
		return {
			message: error.message,
			code: typeof code === 'string' ? code : undefined,
			status: typeof status === 'number' ? status : undefined,
			requestId: typeof requestId === 'string' ? requestId : undefined,
		};
	}
	return { message: String(error) };
}

function withJobId(message: string, jobId: string | undefined): string {
	return jobId === undefined || message.includes(jobId) ? message : `${message} (job ${jobId})`;
}

function nextStep(jobId: string | undefined): string | undefined {
	return jobId === undefined
		? undefined
		: `The job ${jobId} exists and may still finish: read it with the Get operation rather than creating it again.`;
}

export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	jobId?: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		if (jobId !== undefined) error.context.jobId = jobId;
		return error;
	}
	const { message, code, status, requestId } = readError(error);
	const text = withJobId(message, jobId);
	const description = nextStep(jobId);
	if (status !== undefined) {
		const response: JsonObject = {
			message: text,
			code: code ?? null,
			requestId: requestId ?? null,
		};
		const apiError = new NodeApiError(node, response, {
			message: text,
			description,
			httpCode: String(status),
			itemIndex,
		});
		if (jobId !== undefined) apiError.context.jobId = jobId;
		return apiError;
	}
	const operationError = new NodeOperationError(node, text, { description, itemIndex });
	if (jobId !== undefined) operationError.context.jobId = jobId;
	return operationError;
}

/** The json of an error item (Continue On Fail): the message, the core's code, the job id. */
export function failureJson(error: unknown, jobId: string | undefined): JsonObject {
	const { message, code, status } = readError(error);
	return {
		error: withJobId(message, jobId),
		code: code ?? null,
		httpCode: status ?? null,
		jobId: jobId ?? null,
	};
}
