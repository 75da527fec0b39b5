// A fake GenerationPoller in virtual time: sleep advances the clock at once and records the delay,
// send answers from a script the test writes. Shared by the wait tests.
import type { VideoGeneration, VoiceGeneration } from '../../../src/core/contract';
import { AbortedError } from '../../../src/core/errors';
import type { GenerationPoller, PollEndpoint, PollRequestOptions } from '../../../src/core/wait';

export const T0 = 1_800_000_000_000;

export type Step =
	| { generation: VideoGeneration | VoiceGeneration; headers?: Record<string, string> }
	| { error: unknown };

export interface PollCall {
	at: number;
	endpoint: PollEndpoint;
	options: PollRequestOptions;
}

export function virtualPoller(script: Step[] | ((call: PollCall, n: number) => Step)) {
	let now = T0;
	const sleeps: number[] = [];
	const calls: PollCall[] = [];
	const client: GenerationPoller = {
		ports: {
			clock: () => now,
			random: () => 0.5,
			sleep: async (ms, signal) => {
				if (signal?.aborted) throw new AbortedError();
				sleeps.push(ms);
				now += ms;
			},
		},
		send: async (endpoint, options) => {
			const call = { at: now, endpoint, options };
			calls.push(call);
			const n = calls.length - 1;
			const step = typeof script === 'function' ? script(call, n) : script[n];
			if (step === undefined) throw new Error(`script has no step ${n}`);
			if ('error' in step) throw step.error;
			return { data: step.generation, status: 200, headers: step.headers ?? {} };
		},
	};
	return { client, sleeps, calls, elapsedMs: () => now - T0 };
}

export function videoJob(overrides: Partial<VideoGeneration> = {}): VideoGeneration {
	return {
		id: 'vgen_test123',
		object: 'video.generation',
		status: 'processing',
		model: 'auto',
		model_actual: 'kling-v3',
		credits: 10,
		failover_used: false,
		output_url: null,
		error_message: null,
		created_at: '2027-01-15T10:00:00Z',
		completed_at: null,
		...overrides,
	};
}

export function voiceJob(overrides: Partial<VoiceGeneration> = {}): VoiceGeneration {
	return {
		id: 'voice_test456',
		object: 'voice.generation',
		status: 'processing',
		voice: 'alloy',
		language: 'en',
		credits: 1,
		output_url: null,
		error_message: null,
		created_at: '2027-01-15T10:00:00Z',
		completed_at: null,
		...overrides,
	};
}

export function completedVideo(overrides: Partial<VideoGeneration> = {}): VideoGeneration {
	return videoJob({
		status: 'completed',
		progress: 100,
		output_url: 'https://cdn.example.test/vgen_test123.mp4',
		completed_at: '2027-01-15T10:03:00Z',
		...overrides,
	});
}
