// The main job's proof that its receiver refuses forgeries: a delivery shaped exactly like a real
// one (a real job id, the real headers) but signed with a key that is not the account's, and
// pointing the output at another host. Resolves with the HTTP status the receiver answered.
import { request } from 'undici';

import { WEBHOOK_HEADERS, WEBHOOK_USER_AGENT } from '../../core/contract';
import { signWebhook } from '../../core/webhooks';

/** An attacker's key: well formed, but not the account's. */
const FORGER_SECRET = 'rph_live_not_the_account_key_0000';

export async function sendForgedDelivery(
	receiverUrl: string,
	generationId: string,
): Promise<number> {
	const body = JSON.stringify({
		id: generationId,
		object: 'video.generation',
		status: 'completed',
		model: 'auto',
		output_url: 'https://attacker.example.net/listing-video.mp4',
		error_message: null,
		credits: 0,
		failover_used: false,
		completed_at: new Date().toISOString(),
	});
	const headers = {
		'content-type': 'application/json',
		'user-agent': WEBHOOK_USER_AGENT,
		[WEBHOOK_HEADERS.event]: 'video.generation.completed',
		[WEBHOOK_HEADERS.deliveryId]: generationId,
		...signWebhook({ scheme: 'creativeai', secret: FORGER_SECRET, body }),
	};
	const response = await request(receiverUrl, { method: 'POST', headers, body });
	await response.body.dump();
	return response.statusCode;
}
