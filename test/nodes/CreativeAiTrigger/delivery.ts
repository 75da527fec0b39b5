// Test builder: a webhook delivery as the service sends it, signed with the test API key. Each
// test breaks one thing (the secret, a byte of the body, the signature header).
import { signWebhook } from '../../../src/core';
import { API_KEY } from './fakeContexts';

export interface DeliveryOverrides {
	id?: string;
	object?: 'video.generation' | 'voice.generation';
	status?: 'completed' | 'failed';
	outputUrl?: string | null;
	secret?: string;
}

export interface Delivery {
	rawBody: Buffer;
	headers: Record<string, string>;
}

export function signedDelivery(overrides: DeliveryOverrides = {}): Delivery {
	const object = overrides.object ?? 'video.generation';
	const status = overrides.status ?? 'completed';
	const id = overrides.id ?? 'vgen_trigger_0001';
	const payload = {
		id,
		object,
		status,
		model: 'kling-v3',
		...(object === 'voice.generation' ? { voice: 'alloy' } : { prompt: 'a boat at dawn' }),
		output_url:
			overrides.outputUrl !== undefined
				? overrides.outputUrl
				: status === 'completed'
					? `https://files.example.test/${id}.mp4`
					: null,
		error_message: status === 'failed' ? 'provider capacity exhausted' : null,
		credits: 10,
		completed_at: '2026-12-05T12:00:00.000Z',
	};
	const body = JSON.stringify(payload);
	return {
		rawBody: Buffer.from(body),
		headers: {
			'content-type': 'application/json',
			'x-creativeai-event': `${object}.${status}`,
			'x-creativeai-delivery-id': id,
			...signWebhook({ scheme: 'creativeai', secret: overrides.secret ?? API_KEY, body }),
		},
	};
}
