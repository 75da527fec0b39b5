import { createSandbox, type Sandbox } from '../../../src/runtime/sandbox';
import { loadSampleVideo, makeToneWav } from '../../../src/runtime/sandbox/media';
import { parseRange } from '../../../src/runtime/sandbox/ranges';
import { checkLink, signedFileUrl } from '../../../src/runtime/sandbox/signedLinks';
import { call, manualClock, VIDEO_BODY, VOICE_BODY } from './helpers';

/** The top-level boxes of an MP4 file, in order. */
function topLevelBoxes(file: Buffer): string[] {
	const boxes: string[] = [];
	for (let offset = 0; offset + 8 <= file.length;) {
		const size = file.readUInt32BE(offset);
		boxes.push(file.toString('ascii', offset + 4, offset + 8));
		if (size < 8) break;
		offset += size;
	}
	return boxes;
}

describe('the media files', () => {
	it('ships a real MP4: ftyp first, moov before mdat, an H.264 track', () => {
		const video = loadSampleVideo();
		const boxes = topLevelBoxes(video);
		expect(boxes[0]).toBe('ftyp');
		expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
		expect(video.includes(Buffer.from('avc1'))).toBe(true);
		expect(video.length).toBeLessThan(50 * 1024);
	});

	it('writes a WAV whose header matches its PCM data', () => {
		const wav = makeToneWav(1, 8000, 440);
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
		expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
		expect(wav.readUInt16LE(20)).toBe(1);
		expect(wav.readUInt32LE(24)).toBe(8000);
		expect(wav.readUInt32LE(40)).toBe(8000 * 2);
		expect(wav.length).toBe(44 + 8000 * 2);
	});

	it('puts an audible tone in the WAV, not silence', () => {
		const wav = makeToneWav(1, 8000, 440);
		let peak = 0;
		for (let offset = 44; offset < wav.length; offset += 2)
			peak = Math.max(peak, Math.abs(wav.readInt16LE(offset)));
		expect(peak).toBeGreaterThan(5000);
	});
});

describe('parseRange', () => {
	it.each([
		[undefined, { kind: 'whole' }],
		['bytes=0-99', { kind: 'partial', start: 0, end: 99 }],
		['bytes=900-', { kind: 'partial', start: 900, end: 999 }],
		['bytes=-100', { kind: 'partial', start: 900, end: 999 }],
		['bytes=500-5000', { kind: 'partial', start: 500, end: 999 }],
		['bytes=-5000', { kind: 'partial', start: 0, end: 999 }],
		['bytes=1000-', { kind: 'unsatisfiable' }],
		['bytes=-0', { kind: 'unsatisfiable' }],
		['bytes=5-1', { kind: 'whole' }],
		['bytes=0-1,5-6', { kind: 'whole' }],
		['items=0-1', { kind: 'whole' }],
	])('reads %s on a 1000-byte file as %j', (header, expected) => {
		expect(parseRange(header, 1000)).toEqual(expected);
	});
});

describe('signed links', () => {
	const secret = Buffer.alloc(32, 7);
	const url = new URL(signedFileUrl('http://127.0.0.1:1', secret, 'vgen_a.mp4', 2_000_000_000));
	const expires = url.searchParams.get('expires');
	const sig = url.searchParams.get('sig');

	it('accepts its own link before the expiry and refuses it after', () => {
		expect(checkLink(secret, 'vgen_a.mp4', expires, sig, 1_999_999_999_000)).toBe('ok');
		expect(checkLink(secret, 'vgen_a.mp4', expires, sig, 2_000_000_000_000)).toBe('expired');
	});

	it('refuses a link whose expiry or file was edited', () => {
		expect(checkLink(secret, 'vgen_a.mp4', '2000000001', sig, 0)).toBe('bad_signature');
		expect(checkLink(secret, 'vgen_b.mp4', expires, sig, 0)).toBe('bad_signature');
		expect(checkLink(secret, 'vgen_a.mp4', null, null, 0)).toBe('bad_signature');
	});
});

describe('GET /files over HTTP', () => {
	let sandbox: Sandbox;
	const clock = manualClock();
	let videoUrl: string;
	let voiceUrl: string;

	beforeAll(async () => {
		sandbox = await createSandbox({ clock: clock.now, linkTtlSeconds: 3600 });
		const video = await call(sandbox, 'POST', '/v1/video/generations', { body: VIDEO_BODY });
		const voice = await call(sandbox, 'POST', '/api/generate/voice', { body: VOICE_BODY });
		clock.advance(10 * 60 * 1000);
		videoUrl = (await call(sandbox, 'GET', `/v1/video/generations/${video.body.id}`)).body
			.output_url;
		voiceUrl = (await call(sandbox, 'GET', `/api/generate/voice/${voice.body.id}`)).body.output_url;
	});
	afterAll(() => sandbox.close());

	it('serves the whole MP4 with video/mp4 and Accept-Ranges', async () => {
		const answer = await call(sandbox, 'GET', videoUrl, { key: null });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('video/mp4');
		expect(answer.headers['accept-ranges']).toBe('bytes');
		expect(answer.bytes.equals(loadSampleVideo())).toBe(true);
	});

	it('serves the voice output as audio/wav', async () => {
		const answer = await call(sandbox, 'GET', voiceUrl, { key: null });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('audio/wav');
		expect(answer.bytes.toString('ascii', 0, 4)).toBe('RIFF');
	});

	it('answers a byte range with 206 and Content-Range', async () => {
		const size = loadSampleVideo().length;
		const answer = await call(sandbox, 'GET', videoUrl, {
			key: null,
			headers: { range: 'bytes=100-199' },
		});
		expect(answer.status).toBe(206);
		expect(answer.headers['content-range']).toBe(`bytes 100-199/${size}`);
		expect(answer.bytes.equals(loadSampleVideo().subarray(100, 200))).toBe(true);
	});

	it('answers a range past the end with 416 and the size', async () => {
		const size = loadSampleVideo().length;
		const answer = await call(sandbox, 'GET', videoUrl, {
			key: null,
			headers: { range: `bytes=${size}-` },
		});
		expect(answer.status).toBe(416);
		expect(answer.headers['content-range']).toBe(`bytes */${size}`);
	});

	it('answers HEAD with the length and no body', async () => {
		const answer = await call(sandbox, 'HEAD', videoUrl, { key: null });
		expect(answer.status).toBe(200);
		expect(answer.headers['content-length']).toBe(String(loadSampleVideo().length));
		expect(answer.bytes).toHaveLength(0);
	});

	it('refuses a link with a forged signature with 403', async () => {
		const forged = videoUrl.replace(/sig=[0-9a-f]/, (match) =>
			match.endsWith('0') ? 'sig=1' : 'sig=0',
		);
		const answer = await call(sandbox, 'GET', forged, { key: null });
		expect(answer.status).toBe(403);
		expect(answer.body.error.code).toBe('invalid_link_signature');
	});

	it('refuses the link with 410 once expires_at has passed', async () => {
		const before = await call(sandbox, 'GET', videoUrl, {
			key: null,
			headers: { range: 'bytes=0-0' },
		});
		clock.advance(3601 * 1000);
		const after = await call(sandbox, 'GET', videoUrl, { key: null });
		expect(before.status).toBe(206);
		expect(after.status).toBe(410);
		expect(after.body.error.code).toBe('link_expired');
		expect(after.headers['x-request-id']).toBe(after.body.error.request_id);
	});

	it('refuses a file path without a signed link, so ids cannot be probed', async () => {
		const answer = await call(sandbox, 'GET', '/files/vgen_unknown.mp4', { key: null });
		expect(answer.status).toBe(403);
	});
});
