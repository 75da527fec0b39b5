import {
	createVideoRequestSchema,
	createVoiceRequestSchema,
	eventOf,
	MAX_VIDEO_DURATION_SECONDS,
	parseInput,
	videoGenerationSchema,
	webhookPayloadSchema,
	type WebhookPayload,
} from '../../../src/core/contract';
import { ValidationError } from '../../../src/core/errors';

/** The delivery shown in seed 000 ("What your endpoint receives"), as printed there. */
const SEED_000_COMPLETED_PAYLOAD = {
	id: 'vgen_abc123',
	object: 'video.generation',
	status: 'completed',
	model: 'kling-v3',
	prompt: 'Product reveal animation on white background',
	output_url: 'https://cdn.creativeai.run/output/video-abc123.mp4',
	credits: 3,
	failover_used: false,
	completed_at: '2026-03-10T14:23:01Z',
};

/** A failure as the contract describes it: error context and elapsed time, no output. */
const FAILED_VIDEO_PAYLOAD = {
	id: 'vgen_fail01',
	object: 'video.generation',
	status: 'failed',
	model: 'kling-v3',
	model_actual: 'seedance-1.5-pro',
	prompt: 'Drone shot over a misty mountain valley at sunrise',
	output_url: null,
	error_message: 'Maximum wait exceeded; credits refunded',
	credits: 0,
	failover_used: true,
	completed_at: '2026-03-10T14:33:01Z',
	elapsed_seconds: 600,
};

const VOICE_PAYLOAD = {
	id: 'voice_abc123',
	object: 'voice.generation',
	status: 'completed',
	voice: 'alloy',
	language: 'en',
	text: 'Welcome to CreativeAI. Your launch assets are rendering now.',
	output_url: 'https://cdn.creativeai.run/output/voice-abc123.mp3',
	error_message: null,
	credits: 1,
	completed_at: '2026-03-10T14:23:01Z',
};

const VIDEO_GENERATION = {
	id: 'vgen_abc123',
	object: 'video.generation',
	status: 'processing',
	model: 'auto',
	model_actual: 'kling-v3',
	credits: 3,
	failover_used: false,
	phase: 'rendering',
	progress: 40,
	eta_seconds: 90,
	output_url: null,
	error_message: null,
	created_at: '2026-03-10T14:21:01Z',
	completed_at: null,
};

describe('webhook payloads', () => {
	it('parses the completed delivery printed in seed 000, which has no error_message', () => {
		const result = webhookPayloadSchema.safeParse(SEED_000_COMPLETED_PAYLOAD);
		expect(result.success).toBe(true);
		expect(result.data).toMatchObject({ id: 'vgen_abc123', status: 'completed' });
	});

	it('parses a failed delivery and keeps its error_message and elapsed_seconds', () => {
		const payload = webhookPayloadSchema.parse(FAILED_VIDEO_PAYLOAD);
		expect(payload).toMatchObject({
			status: 'failed',
			error_message: 'Maximum wait exceeded; credits refunded',
			elapsed_seconds: 600,
		});
	});

	it('parses a voice delivery', () => {
		expect(webhookPayloadSchema.parse(VOICE_PAYLOAD).object).toBe('voice.generation');
	});

	it('keeps fields the service may add later', () => {
		const payload = webhookPayloadSchema.parse({ ...SEED_000_COMPLETED_PAYLOAD, thumbnail: 'x' });
		expect(payload).toHaveProperty('thumbnail', 'x');
	});

	it('rejects an upper-case status such as COMPLETED (the lip-sync style of seed 002)', () => {
		const delivery = webhookPayloadSchema.safeParse({
			...SEED_000_COMPLETED_PAYLOAD,
			status: 'COMPLETED',
		});
		const generation = videoGenerationSchema.safeParse({
			...VIDEO_GENERATION,
			status: 'COMPLETED',
		});
		expect([delivery.success, generation.success]).toEqual([false, false]);
		expect(delivery.error?.issues[0].path).toEqual(['status']);
	});

	it('rejects a non-terminal status, since only completed and failed are pushed', () => {
		expect(
			webhookPayloadSchema.safeParse({ ...SEED_000_COMPLETED_PAYLOAD, status: 'processing' })
				.success,
		).toBe(false);
	});

	it.each([
		[SEED_000_COMPLETED_PAYLOAD, 'video.generation.completed'],
		[FAILED_VIDEO_PAYLOAD, 'video.generation.failed'],
		[VOICE_PAYLOAD, 'voice.generation.completed'],
		[
			{ ...VOICE_PAYLOAD, status: 'failed', error_message: 'Voice unavailable' },
			'voice.generation.failed',
		],
	])('eventOf reads the event from the body: %#', (raw, event) => {
		const payload: WebhookPayload = webhookPayloadSchema.parse(raw);
		expect(eventOf(payload)).toBe(event);
	});
});

describe('video create requests', () => {
	it.each([
		[5, 5],
		['5s', 5],
		['5', 5],
		[' 7.5 s ', 7.5],
	])('reads duration %p as %p seconds', (duration, seconds) => {
		expect(createVideoRequestSchema.parse({ prompt: 'x', duration }).duration).toBe(seconds);
	});

	it.each([0, '0s', MAX_VIDEO_DURATION_SECONDS + 1, 'five seconds', '5m'])(
		'refuses duration %p',
		(duration) => {
			expect(createVideoRequestSchema.safeParse({ prompt: 'x', duration }).success).toBe(false);
		},
	);

	it('fills in the defaults the seeds document (model auto, failover on)', () => {
		expect(createVideoRequestSchema.parse({ prompt: 'x' })).toEqual({
			prompt: 'x',
			model: 'auto',
			failover: true,
		});
	});

	it('refuses an unknown field and names it in the error', () => {
		const call = () => parseInput(createVideoRequestSchema, { prompt: 'x', colour: 'red' });
		expect(call).toThrow(ValidationError);
		expect(call).toThrow(/colour/);
	});

	it('refuses an unknown field in a voice request too', () => {
		expect(() => parseInput(createVoiceRequestSchema, { text: 'hi', pitch: 2 })).toThrow(/pitch/);
	});
});

describe('parseInput', () => {
	it('names every bad field in one ValidationError, not only the first', () => {
		let caught: unknown;
		try {
			parseInput(createVideoRequestSchema, {
				prompt: '   ',
				duration: 'soon',
				aspect_ratio: '4:3',
				webhook_url: 'ftp://example.com/hook',
			});
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ValidationError);
		const error = caught as ValidationError;
		expect(error.code).toBe('validation_error');
		expect(error.fields.map((issue) => issue.field).sort()).toEqual([
			'aspect_ratio',
			'duration',
			'prompt',
			'webhook_url',
		]);
		for (const field of ['prompt', 'duration', 'aspect_ratio', 'webhook_url']) {
			expect(error.message).toContain(`${field}:`);
		}
	});

	it('returns what goes on the wire: duration as a number, defaults filled in', () => {
		expect(parseInput(createVideoRequestSchema, { prompt: 'x', duration: '5s' })).toMatchObject({
			duration: 5,
			model: 'auto',
			failover: true,
		});
	});
});
