// Find Generation: one video or voice generation by its ID, with its current status and, once
// finished, its output. The ID's prefix says which kind it is (vgen_ video, voice_ voice).
// Rule: an ID that does not exist is "nothing found" ([]), never an error, so a zap can branch.
import { defineSearch, defineInputFields, type Bundle, type ZObject } from 'zapier-platform-core';

import { clientFor } from '../client';
import { toZapierError } from '../errors';
import { generationOutput, readGeneration, type Generation } from '../generation';
import { generationOutputFields, videoSample } from '../outputFields';

const inputFields = defineInputFields([
	{
		key: 'id',
		label: 'Generation ID',
		required: true,
		helpText:
			'The ID a Create Video or Create Voice step returned: it starts with `vgen_` for a video ' +
			'and `voice_` for a voice-over.',
	},
]);

async function findGeneration(z: ZObject, bundle: Bundle) {
	const id = String(bundle.inputData.id ?? '').trim();
	const client = clientFor(z, bundle);
	let generation: Generation;
	try {
		generation = await readGeneration(client, id);
	} catch (error) {
		if ((error as { code?: unknown }).code === 'not_found') return [];
		throw toZapierError(z, error);
	}
	return [generationOutput(z, generation)];
}

export default defineSearch({
	key: 'findGeneration',
	noun: 'Generation',
	display: {
		label: 'Find Generation',
		description:
			'Finds a video or voice generation by its ID, with its status and, once finished, its file.',
	},
	operation: {
		inputFields,
		perform: findGeneration,
		sample: videoSample,
		outputFields: generationOutputFields,
	},
});
