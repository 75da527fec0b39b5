// Generation Failed: a REST hook on generation.failed (see generationHook.ts).
import { defineTrigger } from 'zapier-platform-core';

import { deliveryOutputFields, failedDeliverySample } from '../outputFields';
import { generationHook } from './generationHook';

const hook = generationHook('failed');

export default defineTrigger({
	key: 'generationFailed',
	noun: 'Generation',
	display: {
		label: 'Generation Failed',
		description:
			'Triggers when a video or voice generation fails, with the reason. Its credits are refunded.',
	},
	operation: {
		type: 'hook',
		performSubscribe: hook.subscribe,
		performUnsubscribe: hook.unsubscribe,
		perform: hook.receive,
		performList: hook.recent,
		sample: failedDeliverySample,
		outputFields: deliveryOutputFields,
	},
});
