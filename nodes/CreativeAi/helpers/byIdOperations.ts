// Get and Download by id, the same for both kinds of job: the id field, and for Download the
// binary field's name. Each resource's *.operation.ts re-exports the pair for its kind.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationDependencies, OperationModule } from '../actions/node.type';
import type { ItemContext } from './itemContext';
import { asJson, readJob, type JobKind } from './jobs';
import { withOutputFile } from './outputFile';

const LABELS: Record<JobKind, { name: string; placeholder: string }> = {
	video: { name: 'Video ID', placeholder: 'vgen_...' },
	voice: { name: 'Voice ID', placeholder: 'voice_...' },
};

function idField(kind: JobKind, operation: string, description: string): INodeProperties {
	return {
		displayName: LABELS[kind].name,
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		placeholder: LABELS[kind].placeholder,
		description,
		displayOptions: { show: { resource: [kind], operation: [operation] } },
	};
}

export function getOperation(kind: JobKind): OperationModule {
	return {
		description: [idField(kind, 'get', `The ID of the ${kind} job, as Create returned it`)],
		async execute(
			this: IExecuteFunctions,
			item: ItemContext,
			{ client }: OperationDependencies,
		): Promise<INodeExecutionData> {
			const id = this.getNodeParameter('id', item.itemIndex) as string;
			return { json: asJson(await readJob(client, kind, id, item.signal)) };
		},
	};
}

export function downloadOperation(kind: JobKind): OperationModule {
	return {
		description: [
			idField(kind, 'download', `The ID of a completed ${kind} job`),
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				required: true,
				default: 'data',
				description: 'The name of the binary field to put the file in',
				displayOptions: { show: { resource: [kind], operation: ['download'] } },
			},
		],
		async execute(
			this: IExecuteFunctions,
			item: ItemContext,
			{ client }: OperationDependencies,
		): Promise<INodeExecutionData> {
			const i = item.itemIndex;
			const job = await readJob(
				client,
				kind,
				this.getNodeParameter('id', i) as string,
				item.signal,
			);
			item.jobId = job.id;
			return await withOutputFile({
				context: this,
				client,
				kind,
				job,
				binaryPropertyName: this.getNodeParameter('binaryPropertyName', i) as string,
				itemIndex: i,
				signal: item.signal,
			});
		},
	};
}
