// Which kind of job an id or a generation object names, and where that kind is polled. Rule: a
// generation object's own `object` field is the truth; a bare id falls back to the caller's
// `kind`, then to the id's prefix (voice jobs are `voice_...`, everything else is video).
import { endpoints } from '../contract/endpoints';
import { videoGenerationSchema } from '../contract/video';
import { voiceGenerationSchema } from '../contract/voice';

export type GenerationKind = 'video' | 'voice';

export const VOICE_ID_PREFIX = 'voice_';

/** The GET endpoint that polls each kind. */
export const pollEndpoints = {
	video: endpoints.getVideo,
	voice: endpoints.getVoice,
} as const;
export type PollEndpoint = (typeof pollEndpoints)[GenerationKind];

/** The schema of what each kind's GET answers. */
export const generationSchemas = {
	video: videoGenerationSchema,
	voice: voiceGenerationSchema,
} as const;

const kindByObject: Record<string, GenerationKind> = {
	'video.generation': 'video',
	'voice.generation': 'voice',
};

/** Throws TypeError for an unknown `object` or a `kind` that contradicts it. */
export function generationKindOf(
	idOrGeneration: string | { object: string },
	kind?: GenerationKind,
): GenerationKind {
	if (kind !== undefined && kind !== 'video' && kind !== 'voice') {
		throw new TypeError('kind must be "video" or "voice"');
	}
	if (typeof idOrGeneration === 'string') {
		return kind ?? (idOrGeneration.startsWith(VOICE_ID_PREFIX) ? 'voice' : 'video');
	}
	const fromObject = kindByObject[idOrGeneration.object];
	if (fromObject === undefined) {
		throw new TypeError(`cannot wait for an object of type "${idOrGeneration.object}"`);
	}
	if (kind !== undefined && kind !== fromObject) {
		throw new TypeError(
			`kind "${kind}" contradicts the generation's object "${idOrGeneration.object}"`,
		);
	}
	return fromObject;
}
