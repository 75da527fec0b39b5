// What a step outputs for a generation: the API's object as it is, plus the output as a file
// (`output_file`) beside its link (`output_url`). Triggers output the webhook's payload (the
// delivery shape) with the de-duplication key, and performList shapes a listed job the same way,
// so a zap built on a sample sees the fields real deliveries will carry.
import type { ZObject } from 'zapier-platform-core';

import {
	deliveryKey,
	type CreativeAiClient,
	type TerminalStatus,
	type VideoGeneration,
	type VoiceGeneration,
	type WebhookPayload,
} from '../../src/core';
import { outputFile } from './hydrators';

export type Generation = VideoGeneration | VoiceGeneration;

/** Reads a generation by id; the prefix says its kind (`voice_` voice, else video). */
export function readGeneration(client: CreativeAiClient, id: string): Promise<Generation> {
	return id.startsWith('voice_') ? client.getVoice(id) : client.getVideo(id);
}

export function generationOutput(z: ZObject, generation: Generation) {
	return { ...generation, output_file: outputFile(z, generation.output_url) };
}

/** The fields a webhook delivery carries; a listed generation is cut down to them. */
const DELIVERY_FIELDS = [
	'id',
	'object',
	'status',
	'model',
	'model_actual',
	'prompt',
	'failover_used',
	'voice',
	'language',
	'text',
	'output_url',
	'expires_at',
	'error_message',
	'credits',
	'completed_at',
	'elapsed_seconds',
] as const;

/** A delivery, or a listed generation that has reached `status`. */
export function deliveryOutput(
	z: ZObject,
	payload: WebhookPayload | (Generation & { status: TerminalStatus }),
) {
	const fields: Record<string, unknown> = {};
	for (const name of DELIVERY_FIELDS) {
		const value = (payload as Record<string, unknown>)[name];
		if (value !== undefined) fields[name] = value;
	}
	return {
		...fields,
		id: payload.id,
		output_file: outputFile(z, payload.output_url),
		dedup_key: deliveryKey(payload),
	};
}
