// Runs one operation over every input item at once, bounded by `concurrency`, through the core's
// submitBatch. Output order is input order and every output item is paired with its input.
// Rules: with Continue On Fail a failed item becomes an error item and the others carry on;
// without it the first failure (in input order) stops the rest and is thrown; the execution's
// stop signal reaches every item's work.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitBatch } from '../../../src/core';
import { failureJson, toNodeError } from './errors';
import type { ItemContext } from './itemContext';

export const DEFAULT_CONCURRENCY = 8;

export type ItemWork = (item: ItemContext) => Promise<INodeExecutionData | INodeExecutionData[]>;

export async function runItems(
	context: IExecuteFunctions,
	itemCount: number,
	concurrency: number,
	work: ItemWork,
): Promise<INodeExecutionData[]> {
	const stopSiblings = new AbortController();
	const cancel = context.getExecutionCancelSignal();
	const signal = cancel ? AbortSignal.any([cancel, stopSiblings.signal]) : stopSiblings.signal;
	const items: ItemContext[] = Array.from({ length: itemCount }, (_, itemIndex) => ({
		itemIndex,
		signal,
	}));
	const output: INodeExecutionData[] = [];
	try {
		const results = submitBatch(items, async (item) => await work(item), { concurrency, signal });
		for await (const result of results) {
			const pairedItem = { item: result.index };
			if (result.ok) {
				const produced = Array.isArray(result.value) ? result.value : [result.value];
				for (const data of produced) output.push({ ...data, pairedItem });
			} else if (context.continueOnFail()) {
				output.push({ json: failureJson(result.error, result.item.jobId), pairedItem });
			} else {
				throw toNodeError(context.getNode(), result.error, result.index, result.item.jobId);
			}
		}
	} finally {
		// Items still running after a thrown failure stop polling and downloading.
		stopSiblings.abort();
	}
	return output;
}
