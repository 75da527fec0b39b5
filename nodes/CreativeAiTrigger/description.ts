// The trigger's parameters: which events start the workflow, how the URL is registered, and
// whether the finished file comes along as binary data.
import type { INodeProperties } from 'n8n-workflow';

import { TRIGGER_EVENTS } from './events';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['video.generation.completed', 'voice.generation.completed'],
		options: [...TRIGGER_EVENTS],
		description:
			'Which job endings start the workflow. A delivery of any other event is answered 200 and starts nothing.',
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		default: 'automatic',
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description:
					'Subscribe this workflow’s URL to your CreativeAI account on activation and remove it on deactivation',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Use the URL yourself as the Webhook URL of the jobs you create',
			},
		],
	},
	{
		displayName:
			'Copy the Production URL from "Webhook URLs" above and use it as the Webhook URL of a Create (in the CreativeAI node or your own request). The Test URL works only while the editor listens.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName:
			'Each delivery is checked against your credential’s signing secret and de-duplicated while n8n runs. To drop repeats across n8n restarts, add a Remove Duplicates node after this trigger, comparing "deliveryKey" with previous executions.',
		name: 'dedupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download Output',
				name: 'downloadOutput',
				type: 'boolean',
				default: false,
				description:
					'Whether to attach the finished file as binary data (the sender is answered first; output links expire, so store the file)',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { downloadOutput: [true] } },
				description: 'The name of the binary property to write the file to',
			},
		],
	},
];
