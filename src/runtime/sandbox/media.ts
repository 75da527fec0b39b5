// The files completed jobs point at: a real playable H.264 MP4 for video (generated once with
// ffmpeg and committed, see assets/README.md) and a WAV tone for voice, written here at startup.
// Rule: every completed job of a kind serves the same bytes; what differs per job is its link.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MEDIA_TYPES = {
	mp4: 'video/mp4',
	wav: 'audio/wav',
} as const;
export type MediaExtension = keyof typeof MEDIA_TYPES;

export interface MediaFile {
	bytes: Buffer;
	contentType: string;
	/** Playing time in seconds, reported as a voice job's `duration_seconds`. */
	durationSeconds: number;
}

const SAMPLE_VIDEO_NAME = 'sample.mp4';
const SAMPLE_VIDEO_SECONDS = 2;

const WAV_SAMPLE_RATE_HZ = 22_050;
const WAV_TONE_HZ = 440;
const WAV_SECONDS = 2;
const WAV_AMPLITUDE = 0.3;
/** Fade in and out so the tone starts and stops without a click. */
const WAV_FADE_SECONDS = 0.05;
const WAV_HEADER_BYTES = 44;

/**
 * The committed MP4. Looked up beside this file (tsx, ts-jest) and, for a compiled build in
 * dist/src/runtime/sandbox where tsc does not copy assets, in the source tree.
 */
export function loadSampleVideo(): Buffer {
	const candidates = [
		join(__dirname, 'assets', SAMPLE_VIDEO_NAME),
		resolve(__dirname, '../../../../src/runtime/sandbox/assets', SAMPLE_VIDEO_NAME),
	];
	const found = candidates.find((path) => existsSync(path));
	if (!found)
		throw new Error(
			`sandbox media missing: ${SAMPLE_VIDEO_NAME} (looked in ${candidates.join(', ')})`,
		);
	return readFileSync(found);
}

/** A mono 16-bit PCM WAV holding a sine tone. */
export function makeToneWav(
	seconds = WAV_SECONDS,
	sampleRateHz = WAV_SAMPLE_RATE_HZ,
	toneHz = WAV_TONE_HZ,
): Buffer {
	const samples = Math.round(seconds * sampleRateHz);
	const dataBytes = samples * 2;
	const wav = Buffer.alloc(WAV_HEADER_BYTES + dataBytes);
	wav.write('RIFF', 0, 'ascii');
	wav.writeUInt32LE(WAV_HEADER_BYTES - 8 + dataBytes, 4);
	wav.write('WAVE', 8, 'ascii');
	wav.write('fmt ', 12, 'ascii');
	wav.writeUInt32LE(16, 16); // fmt chunk size for PCM
	wav.writeUInt16LE(1, 20); // PCM
	wav.writeUInt16LE(1, 22); // mono
	wav.writeUInt32LE(sampleRateHz, 24);
	wav.writeUInt32LE(sampleRateHz * 2, 28); // bytes per second
	wav.writeUInt16LE(2, 32); // bytes per frame
	wav.writeUInt16LE(16, 34); // bits per sample
	wav.write('data', 36, 'ascii');
	wav.writeUInt32LE(dataBytes, 40);
	const fadeSamples = WAV_FADE_SECONDS * sampleRateHz;
	for (let i = 0; i < samples; i++) {
		const envelope = Math.min(1, i / fadeSamples, (samples - 1 - i) / fadeSamples);
		const value = Math.sin((2 * Math.PI * toneHz * i) / sampleRateHz) * WAV_AMPLITUDE * envelope;
		wav.writeInt16LE(Math.round(value * 32767), WAV_HEADER_BYTES + i * 2);
	}
	return wav;
}

/** The two files, built once per sandbox. */
export function loadMedia(): Record<MediaExtension, MediaFile> {
	return {
		mp4: {
			bytes: loadSampleVideo(),
			contentType: MEDIA_TYPES.mp4,
			durationSeconds: SAMPLE_VIDEO_SECONDS,
		},
		wav: { bytes: makeToneWav(), contentType: MEDIA_TYPES.wav, durationSeconds: WAV_SECONDS },
	};
}
