// Labels and types for what the steps output, and samples with obviously fake values. Zapier
// shows a sample when it cannot load a live record, and outputFields give every field a label.

interface OutputField {
	key: string;
	label: string;
	type?: 'string' | 'number' | 'boolean' | 'file' | 'datetime';
}

const SAMPLE_FILE = 'https://files.example.com/sample-output.mp4';

const commonFields: OutputField[] = [
	{ key: 'id', label: 'Generation ID' },
	{ key: 'object', label: 'Object Type' },
	{ key: 'status', label: 'Status' },
	{ key: 'credits', label: 'Credits Charged', type: 'number' },
	{ key: 'output_url', label: 'Output URL' },
	{ key: 'output_file', label: 'Output File', type: 'file' },
	{ key: 'expires_at', label: 'Output Link Expires At', type: 'datetime' },
	{ key: 'error_message', label: 'Error Message' },
	{ key: 'completed_at', label: 'Completed At', type: 'datetime' },
];

const progressFields: OutputField[] = [
	{ key: 'created_at', label: 'Created At', type: 'datetime' },
	{ key: 'phase', label: 'Phase' },
	{ key: 'progress', label: 'Progress (%)', type: 'number' },
	{ key: 'eta_seconds', label: 'Estimated Seconds Remaining', type: 'number' },
];

const videoOnlyFields: OutputField[] = [
	{ key: 'model', label: 'Model Requested' },
	{ key: 'model_actual', label: 'Model Used' },
	{ key: 'prompt', label: 'Prompt' },
	{ key: 'failover_used', label: 'Failover Used', type: 'boolean' },
];

const voiceOnlyFields: OutputField[] = [
	{ key: 'voice', label: 'Voice' },
	{ key: 'language', label: 'Language' },
	{ key: 'text', label: 'Text' },
];

export const videoOutputFields: OutputField[] = [
	...commonFields,
	...progressFields,
	...videoOnlyFields,
];

export const voiceOutputFields: OutputField[] = [
	...commonFields,
	...progressFields,
	...voiceOnlyFields,
	{ key: 'speed', label: 'Speed', type: 'number' },
	{ key: 'duration_seconds', label: 'Audio Duration (Seconds)', type: 'number' },
];

export const generationOutputFields: OutputField[] = [
	...commonFields,
	...progressFields,
	...videoOnlyFields,
	...voiceOnlyFields,
];

export const deliveryOutputFields: OutputField[] = [
	...commonFields,
	...videoOnlyFields,
	...voiceOnlyFields,
	{ key: 'elapsed_seconds', label: 'Seconds Before Failing', type: 'number' },
	{ key: 'dedup_key', label: 'Delivery Key (Generation ID and Status)' },
];

export const videoSample = {
	id: 'vgen_sample_0001',
	object: 'video.generation',
	status: 'completed',
	model: 'auto',
	model_actual: 'kling-v3',
	prompt: 'A paper boat drifting down a rainy street, cinematic',
	credits: 10,
	failover_used: false,
	phase: null,
	progress: 100,
	eta_seconds: null,
	output_url: SAMPLE_FILE,
	output_file: SAMPLE_FILE,
	expires_at: '2030-01-02T10:00:00.000Z',
	error_message: null,
	created_at: '2030-01-01T10:00:00.000Z',
	completed_at: '2030-01-01T10:02:30.000Z',
};

export const voiceSample = {
	id: 'voice_sample_0001',
	object: 'voice.generation',
	status: 'completed',
	voice: 'alloy',
	language: 'en',
	speed: 1,
	text: 'Welcome to the sample voice-over.',
	credits: 2,
	duration_seconds: 3.2,
	phase: null,
	progress: 100,
	eta_seconds: null,
	output_url: 'https://files.example.com/sample-output.wav',
	output_file: 'https://files.example.com/sample-output.wav',
	expires_at: '2030-01-02T10:00:00.000Z',
	error_message: null,
	created_at: '2030-01-01T10:00:00.000Z',
	completed_at: '2030-01-01T10:00:20.000Z',
};

export const completedDeliverySample = {
	id: 'vgen_sample_0001',
	object: 'video.generation',
	status: 'completed',
	model: 'auto',
	model_actual: 'kling-v3',
	prompt: 'A paper boat drifting down a rainy street, cinematic',
	failover_used: false,
	output_url: SAMPLE_FILE,
	output_file: SAMPLE_FILE,
	expires_at: '2030-01-02T10:00:00.000Z',
	error_message: null,
	credits: 10,
	completed_at: '2030-01-01T10:02:30.000Z',
	dedup_key: 'vgen_sample_0001:completed',
};

export const failedDeliverySample = {
	id: 'vgen_sample_0002',
	object: 'video.generation',
	status: 'failed',
	model: 'auto',
	model_actual: null,
	prompt: 'A paper boat drifting down a rainy street, cinematic',
	failover_used: true,
	output_url: null,
	output_file: null,
	expires_at: null,
	error_message: 'Every provider was at capacity; the credits were refunded.',
	credits: 0,
	completed_at: '2030-01-01T10:10:00.000Z',
	elapsed_seconds: 600,
	dedup_key: 'vgen_sample_0002:failed',
};
