// What Create Video and Create Voice share: the Idempotency Key and "Wait for the result" inputs,
// and the resume that finishes a waiting step. Waiting never polls (a step gets 30 s): the job is
// submitted with `z.generateCallbackUrl()` as its webhook_url, and Zapier calls performResume
// when CreativeAI calls that URL back.
// Rules of the resume: the callback is only a wake-up call. Its signature is checked over the raw
// body where Zapier hands one over, its id must be the job this step started, and the result
// comes from re-reading that job by id, never from the callback's body.
import type { Bundle, ZObject } from 'zapier-platform-core';

import { GenerationFailedError, verifyWebhook } from '../../../src/core';
import { apiKeyOf, clientFor } from '../client';
import { toZapierError, withZapierErrors } from '../errors';
import { generationOutput, readGeneration } from '../generation';

export const idempotencyKeyField = {
	key: 'idempotency_key',
	label: 'Idempotency Key',
	required: false,
	helpText:
		'Optional. A value unique to this job, such as the ID of the spreadsheet row or form entry ' +
		'that triggered the Zap. When Zapier replays or retries this step with the same key within ' +
		'24 hours, CreativeAI returns the job it already started instead of starting (and charging ' +
		'for) a second one. Without a key, every replay starts and charges a new job.',
} as const;

export const waitForResultField = {
	key: 'wait_for_result',
	label: 'Wait for the Result',
	type: 'boolean',
	default: 'false',
	required: false,
	helpText:
		'**Yes**: this step pauses until the generation has finished and outputs the finished ' +
		'file; later steps run only then. A failed generation stops the Zap with its reason. ' +
		'**No**: this step outputs the accepted job at once (status `pending`); use the ' +
		'Generation Completed trigger or Find Generation to get the result.',
} as const;

/** Zapier sends a boolean field as true/false or as the strings "true"/"false"/"yes"/"no". */
export function isYes(value: unknown): boolean {
	return value === true || (typeof value === 'string' && /^(true|yes|1)$/i.test(value.trim()));
}

/** The empty string Zapier sends for a left-blank field means "not given". */
export function given(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	return text === '' ? undefined : text;
}

/**
 * The callback URL to submit with, or undefined when the step should not wait. While the editor
 * loads a sample (`isLoadingSample`) it never waits: the accepted job is the sample.
 */
export function callbackUrlFor(z: ZObject, bundle: Bundle): string | undefined {
	if (!isYes(bundle.inputData?.wait_for_result) || bundle.meta?.isLoadingSample) return undefined;
	return z.generateCallbackUrl();
}

export const WAIT_REPLAY_MESSAGE =
	'This Idempotency Key already started a job. With "Wait for the Result" on, every run has its ' +
	'own callback address, so a replay cannot be matched to the first job: nothing was started ' +
	'or charged again. The first job is in the Zap run that used this key; use a new key to ' +
	'start a new job.';

/** The created job, or the Zapier error for a create that failed. */
export async function submitted<T>(
	z: ZObject,
	waiting: boolean,
	create: () => Promise<T>,
): Promise<T> {
	try {
		return await create();
	} catch (error) {
		if (waiting && (error as { code?: unknown }).code === 'idempotency_conflict') {
			throw new z.errors.Error(WAIT_REPLAY_MESSAGE, 'idempotency_conflict', 409);
		}
		throw toZapierError(z, error);
	}
}

interface AcceptedJob {
	id?: unknown;
	object?: unknown;
}

/** performResume of both creates: the finished generation, re-read by id. */
export async function resumeWithResult(z: ZObject, bundle: Bundle) {
	const accepted = (bundle.outputData ?? {}) as AcceptedJob;
	if (typeof accepted.id !== 'string' || accepted.id === '') {
		throw new z.errors.Error(
			'This step was resumed without the job it started; start the Zap run again.',
			'missing_job',
		);
	}
	const id = accepted.id;
	checkCallback(z, bundle, id);
	const generation = await withZapierErrors(z, () => readGeneration(clientFor(z, bundle), id));
	if (generation.status === 'failed') {
		const failure = new GenerationFailedError(id, generation.error_message);
		throw new z.errors.Error(failure.message, failure.code);
	}
	if (generation.status !== 'completed') {
		throw new z.errors.Error(
			`Generation ${id} was reported finished, but CreativeAI still shows it as ` +
				`${generation.status}. Use Find Generation with this ID to get the result later.`,
			'not_finished',
		);
	}
	return generationOutput(z, generation);
}

/** Refuses a callback that is not CreativeAI's, or that names another job than this step's. */
function checkCallback(z: ZObject, bundle: Bundle, id: string): void {
	const raw = bundle.rawRequest as
		{ content?: unknown; headers?: Record<string, string> } | undefined;
	// Without the raw body there is nothing to verify; the re-read by id is still the only source.
	if (typeof raw?.content !== 'string') return;
	const verified = verifyWebhook({
		scheme: 'creativeai',
		body: raw.content,
		headers: raw.headers ?? {},
		secrets: apiKeyOf(bundle),
	});
	if (!verified.ok) {
		throw new z.errors.Error(
			`The call that resumed this step was not signed by CreativeAI (${verified.reason}), so ` +
				`it was not trusted. Your generation ${id} is not affected: use Find Generation with ` +
				'this ID to get its result.',
			'callback_not_verified',
		);
	}
	// The id from the signed bytes, not from Zapier's parsed copy of them.
	const named = idOf(raw.content);
	if (named !== id) {
		throw new z.errors.Error(
			`The callback that resumed this step was about another generation than ${id}. Use Find ` +
				'Generation with this ID to get its result.',
			'callback_mismatch',
		);
	}
}

function idOf(content: string): unknown {
	try {
		return (JSON.parse(content) as { id?: unknown }).id;
	} catch {
		return undefined;
	}
}
