// Named fault mixes for `creativeai sandbox --faults <preset>` and the main job, and the parser
// for `--faults` (a preset name or a JSON object of the sandbox's fault options).
// Rule: a wrong value is refused at startup with the field at fault, never ignored.
import { toFieldIssues } from '../../core/contract';
import { faultOptionsSchema, type FaultOptions } from '../sandbox';

export const FAULT_PRESETS = {
	none: {},
	/** Occasional trouble: what a good day in production looks like. */
	light: {
		apiErrorRate: 0.02,
		apiErrorStatuses: [429],
		providerSubmitErrorRate: 0.1,
		webhookDropRate: 0.1,
		webhookDuplicateRate: 0.1,
	},
	/**
	 * The main job's mix: enough of everything to show each safeguard at work on a dozen jobs
	 * (lost and duplicated deliveries, provider failover, 429s, a lost create answer).
	 */
	moderate: {
		apiErrorRate: 0.05,
		apiErrorStatuses: [429],
		apiLostResponseRate: 0.1,
		providerSubmitErrorRate: { 'kling-v3': 0.3 },
		midRenderCapacityRate: 0.1,
		providerPollErrorRate: 0.05,
		webhookDropRate: 0.45,
		webhookDuplicateRate: 0.3,
	},
	/** Everything turned up, to see what breaks. */
	chaos: {
		apiErrorRate: 0.15,
		apiLostResponseRate: 0.2,
		providerSubmitErrorRate: 0.4,
		midRenderCapacityRate: 0.3,
		providerPollErrorRate: 0.2,
		webhookDropRate: 0.6,
		webhookDuplicateRate: 0.5,
	},
} satisfies Record<string, FaultOptions>;
export type FaultPresetName = keyof typeof FAULT_PRESETS;

export function isFaultPreset(name: string): name is FaultPresetName {
	return Object.hasOwn(FAULT_PRESETS, name);
}

/** A preset name or a JSON object; throws an Error naming the bad field or the known presets. */
export function parseFaults(text: string): FaultOptions {
	const trimmed = text.trim();
	if (isFaultPreset(trimmed)) return FAULT_PRESETS[trimmed];
	if (!trimmed.startsWith('{')) {
		throw new Error(
			`unknown fault preset "${trimmed}": use one of ${Object.keys(FAULT_PRESETS).join(', ')} or a JSON object such as '{"webhookDropRate":0.2}'`,
		);
	}
	let json: unknown;
	try {
		json = JSON.parse(trimmed);
	} catch {
		throw new Error('--faults is not valid JSON');
	}
	const parsed = faultOptionsSchema.safeParse(json);
	if (!parsed.success) {
		const issues = toFieldIssues(parsed.error).map((i) => `${i.field}: ${i.message}`);
		throw new Error(`--faults: ${issues.join('; ')}`);
	}
	return json as FaultOptions;
}
