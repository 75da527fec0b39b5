// Create Voice: text to speech. Optionally waits for the result by callback (see waitForResult.ts).
import { defineCreate, defineInputFields, type Bundle, type ZObject } from 'zapier-platform-core';

import { MAX_VOICE_TEXT_CHARACTERS } from '../../../src/core';
import { clientFor } from '../client';
import { generationOutput } from '../generation';
import { voiceOutputFields, voiceSample } from '../outputFields';
import {
	callbackUrlFor,
	given,
	idempotencyKeyField,
	resumeWithResult,
	submitted,
	waitForResultField,
} from './waitForResult';

const inputFields = defineInputFields([
	{
		key: 'text',
		label: 'Text',
		type: 'text',
		required: true,
		helpText: `What the voice should say, in up to ${MAX_VOICE_TEXT_CHARACTERS.toLocaleString('en-US')} characters.`,
	},
	{
		key: 'voice',
		label: 'Voice',
		required: false,
		default: 'alloy',
		helpText: 'The name of the voice, such as `alloy`.',
	},
	{
		key: 'language',
		label: 'Language',
		required: false,
		default: 'en',
		helpText: 'A language code such as `en`, `de` or `pt-BR`.',
	},
	{
		key: 'speed',
		label: 'Speed',
		type: 'number',
		required: false,
		helpText: 'From 0.25 (slow) to 4 (fast); 1 is normal speed.',
	},
	idempotencyKeyField,
	waitForResultField,
]);

async function createVoice(z: ZObject, bundle: Bundle) {
	const data = bundle.inputData as Record<string, unknown>;
	const webhookUrl = callbackUrlFor(z, bundle);
	const speed = given(data.speed);
	const job = await submitted(z, webhookUrl !== undefined, () =>
		clientFor(z, bundle).createVoice(
			{
				text: String(data.text ?? ''),
				voice: given(data.voice),
				language: given(data.language),
				speed: speed === undefined ? undefined : Number(speed),
				webhook_url: webhookUrl,
			},
			{ idempotencyKey: given(data.idempotency_key) },
		),
	);
	return generationOutput(z, job);
}

export default defineCreate({
	key: 'createVoice',
	noun: 'Voice',
	display: {
		label: 'Create Voice',
		description: 'Creates a spoken voice-over from text, and can wait for the finished audio file.',
	},
	operation: {
		inputFields,
		perform: createVoice,
		performResume: resumeWithResult,
		sample: voiceSample,
		outputFields: voiceOutputFields,
	},
});
