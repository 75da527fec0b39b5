// Local schema validation, as Zapier's CLI runs it, in two layers: the whole app (catches a missing
// perform or a bad key), and each trigger, create and search against its own schema after
// recurseCleanFuncs (catches a missing sample, which the app-level check lets through).
/* eslint-disable @typescript-eslint/no-require-imports */
import App from '../src/index';

const { compileApp, validateApp } = require('zapier-platform-core/src/tools/schema') as {
	compileApp: (app: unknown) => unknown;
	validateApp: (compiled: unknown) => unknown[];
};
const { recurseCleanFuncs } = require('zapier-platform-core/src/tools/cleaner') as {
	recurseCleanFuncs: (definition: unknown) => unknown;
};

interface SchemaResult {
	errors: Array<{ stack: string }>;
}
function schema(name: string): { validate: (definition: unknown) => SchemaResult } {
	return require(`zapier-platform-schema/lib/schemas/${name}`);
}

type Definitions = Record<string, { operation: Record<string, unknown> }>;
const kinds: Array<[kind: 'triggers' | 'creates' | 'searches', schemaName: string]> = [
	['triggers', 'TriggerSchema'],
	['creates', 'CreateSchema'],
	['searches', 'SearchSchema'],
];

function actionsOf(app: unknown, kind: string): Array<[string, unknown]> {
	return Object.entries((app as Record<string, Definitions>)[kind]);
}

function stacks(result: SchemaResult): string[] {
	return result.errors.map((error) => error.stack);
}

describe('the app definition', () => {
	it("passes Zapier's app schema (what `zapier-platform validate` checks)", () => {
		expect(validateApp(compileApp(App))).toEqual([]);
	});

	it('registers the actions this integration promises', () => {
		expect(Object.keys(App.triggers ?? {})).toEqual(['generationCompleted', 'generationFailed']);
		expect(Object.keys(App.creates ?? {})).toEqual(['createVideo', 'createVoice']);
		expect(Object.keys(App.searches ?? {})).toEqual(['findGeneration']);
	});

	it.each(kinds)('every one of the %s passes its own schema', (kind, schemaName) => {
		for (const [key, definition] of actionsOf(App, kind)) {
			expect([key, stacks(schema(schemaName).validate(recurseCleanFuncs(definition)))]).toEqual([
				key,
				[],
			]);
		}
	});

	it('would catch an action without a sample, which the app-level check misses', () => {
		const app = App as unknown as Record<string, Definitions>;
		const { sample: _dropped, ...operation } = app.creates.createVideo.operation;
		const createVideo = { ...app.creates.createVideo, operation };
		const broken = { ...app, creates: { ...app.creates, createVideo } };
		expect(validateApp(compileApp(broken))).toEqual([]);
		expect(stacks(schema('CreateSchema').validate(recurseCleanFuncs(createVideo)))).not.toEqual([]);
	});

	it('would catch a trigger without a perform', () => {
		const broken = { ...App, triggers: { ...App.triggers } } as unknown as Record<
			string,
			Definitions
		>;
		const { perform: _dropped, ...operation } = broken.triggers.generationFailed.operation;
		broken.triggers.generationFailed = { ...broken.triggers.generationFailed, operation };
		expect(validateApp(compileApp(broken))).not.toEqual([]);
	});

	it("describes every action the way Zapier's publishing checks ask", () => {
		for (const [kind, , verb] of [
			['triggers', '', 'Triggers when'],
			['creates', '', 'Creates'],
			['searches', '', 'Finds'],
		] as const) {
			for (const [key, definition] of actionsOf(App, kind)) {
				const { display, operation } = definition as {
					display: { label: string; description: string };
					operation: { outputFields?: unknown[]; sample?: unknown };
				};
				expect([key, display.description.startsWith(verb)]).toEqual([key, true]);
				expect([key, display.description.endsWith('.')]).toEqual([key, true]);
				expect([key, (operation.outputFields ?? []).length > 0]).toEqual([key, true]);
				expect([key, operation.sample !== undefined]).toEqual([key, true]);
			}
		}
	});
});
