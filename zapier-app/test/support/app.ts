// The app under test with createAppTester, typed loosely: zapier-platform-core's types model each
// perform's exact input shape, which hand-built test bundles (rawRequest, meta, outputData) do not
// follow. Every call still runs through Zapier's real handler and middleware.
import { createAppTester } from 'zapier-platform-core';

import App from '../../src/index';

/** What a step outputs for one generation. */
export interface StepOutput {
	id: string;
	object: string;
	status: string;
	credits: number;
	output_url: string | null;
	output_file: string | null;
	error_message?: string | null;
	dedup_key?: string;
	[field: string]: unknown;
}

type Perform = (...args: never[]) => unknown;
interface Operation {
	perform: Perform;
	performResume: Perform;
	performSubscribe: Perform;
	performUnsubscribe: Perform;
	performList: Perform;
}

export const app = App as unknown as {
	authentication: { test: Perform; connectionLabel: Perform };
	hydrators: Record<string, Perform>;
	creates: Record<string, { operation: Operation }>;
	searches: Record<string, { operation: Operation }>;
	triggers: Record<string, { operation: Operation }>;
};

export type Tester = <T = StepOutput>(perform: Perform, bundle?: object) => Promise<T>;

/** A tester of its own: createAppTester's z.cache is shared by the calls of one tester. */
export function appTester(): Tester {
	const tester = createAppTester(App);
	return (perform, bundle = {}) => tester(perform as never, bundle as never) as never;
}
