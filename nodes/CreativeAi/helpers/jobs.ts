// The two kinds of job the node creates, and how to read one back by id.
import type { IDataObject } from 'n8n-workflow';

import type { CreativeAiClient, Generation } from '../../../src/core';

export type JobKind = 'video' | 'voice';

export async function readJob(
	client: CreativeAiClient,
	kind: JobKind,
	id: string,
	signal?: AbortSignal,
): Promise<Generation> {
	return kind === 'video'
		? await client.getVideo(id, { signal })
		: await client.getVoice(id, { signal });
}

/** An API object as an item's json (a shallow copy: the parsed answer stays untouched). */
export function asJson(value: object): IDataObject {
	return { ...value } as IDataObject;
}
