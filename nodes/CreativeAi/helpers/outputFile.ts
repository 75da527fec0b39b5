// A completed job's output file as n8n binary data, streamed from the link into
// `prepareBinaryData`, named after the job id. Output links expire (store the file, not the link),
// so a link the file host refuses as expired (410) or no longer valid (403) is answered by reading
// the job again for a fresh link, once.
import type { IBinaryData, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CreativeAiClient, Generation } from '../../../src/core';
import { openOutputFile, type OutputDownload } from '../transport/download';
import { asJson, readJob, type JobKind } from './jobs';

const FILE_EXTENSIONS: Record<JobKind, string> = { video: 'mp4', voice: 'wav' };
const DEFAULT_MIME_TYPES: Record<JobKind, string> = { video: 'video/mp4', voice: 'audio/wav' };
const STALE_LINK_STATUSES = new Set([403, 410]);

export interface OutputFileRequest {
	context: IExecuteFunctions;
	client: CreativeAiClient;
	kind: JobKind;
	job: Generation;
	binaryPropertyName: string;
	itemIndex: number;
	signal?: AbortSignal;
}

/** The job as json and its file under `binaryPropertyName`. */
export async function withOutputFile(request: OutputFileRequest): Promise<INodeExecutionData> {
	const { context, client, kind, itemIndex, signal } = request;
	let job = request.job;
	const node = context.getNode();
	if (job.status !== 'completed' || !job.output_url) {
		throw new NodeOperationError(
			node,
			`Job ${job.id} is ${job.status}: its file can be downloaded once it is completed.`,
			{ itemIndex },
		);
	}
	let file: OutputDownload = await openOutputFile(context, job.output_url, signal);
	if (STALE_LINK_STATUSES.has(file.status)) {
		const fresh = await readJob(client, kind, job.id, signal);
		if (fresh.output_url && fresh.output_url !== job.output_url) {
			job = fresh;
			file = await openOutputFile(context, fresh.output_url, signal);
		}
	}
	if (file.status !== 200 || file.stream === undefined) {
		throw new NodeOperationError(
			node,
			`Downloading the output of job ${job.id} failed: the file host answered HTTP ${file.status}.`,
			{
				itemIndex,
				description:
					file.status === 410
						? 'The output link has expired and the service gave no fresh one. Output files are kept for a limited time; download them soon after the job completes.'
						: undefined,
			},
		);
	}
	const binary: IBinaryData = await context.helpers.prepareBinaryData(
		file.stream,
		`${job.id}.${FILE_EXTENSIONS[kind]}`,
		file.contentType ?? DEFAULT_MIME_TYPES[kind],
	);
	return { json: asJson(job), binary: { [request.binaryPropertyName]: binary } };
}
