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
