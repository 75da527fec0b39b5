// The item a delivery starts a workflow with. `deliveryKey` (`<generation id>:<status>`) is what
// the Remove Duplicates node after the trigger keys on, so a delivery seen before an n8n restart
// goes no further.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ReceivedEvent } from '../../src/core';

export function itemFor(event: ReceivedEvent): INodeExecutionData {
	const { payload } = event;
	return {
		json: {
			event: event.event,
			deliveryKey: event.key,
			generationId: event.generationId,
			status: event.status,
			outputUrl: payload.output_url,
			errorMessage: payload.error_message ?? null,
			payload: payload as IDataObject,
		},
	};
}

const EXTENSIONS: Readonly<Record<string, string>> = {
	'video/mp4': 'mp4',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/mpeg': 'mp3',
};

/** `vgen_abc.mp4`: the job id and an extension from the MIME type (none when unknown). */
export function outputFileName(generationId: string, mimeType: string | undefined): string {
	const extension = EXTENSIONS[(mimeType ?? '').split(';')[0].trim().toLowerCase()];
	return extension ? `${generationId}.${extension}` : generationId;
}
