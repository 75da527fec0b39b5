// Generation Completed: a REST hook on generation.completed (see generationHook.ts).
import { defineTrigger } from 'zapier-platform-core';

import { completedDeliverySample, deliveryOutputFields } from '../outputFields';
import { generationHook } from './generationHook';

const hook = generationHook('completed');

export default defineTrigger({
	key: 'generationCompleted',
	noun: 'Generation',
	display: {
		label: 'Generation Completed',
		description:
			'Triggers when a video or voice generation finishes, with its output file and link.',
	},
	operation: {
		type: 'hook',
		performSubscribe: hook.subscribe,
		performUnsubscribe: hook.unsubscribe,
		perform: hook.receive,
		performList: hook.recent,
		sample: completedDeliverySample,
		outputFields: deliveryOutputFields,
	},
});
