// The structural checks every blueprint in make/ must pass, as a list of problems (empty = fine).
// The rules are those of Make's own blueprint repository (integromat/make-blueprints,
// scripts/validate.mjs: module ids and versions, unique ids, designer coordinates, no account
// bindings, routers without mappers) plus ours: every `{{N.field}}` names a module that has run
// before it on the same path, every function is one the evaluator knows (so the checker can run
// it), no secret or account id, only the placeholders docs/make.md explains, and Make's limits.
import { MAKE_FUNCTIONS } from './functions';
import { calledFunctions, referencedModules } from './iml';
import {
	templatesOf,
	walkModules,
	type Blueprint,
	type BlueprintModule,
	type ModuleVisit,
} from './blueprint';

/** Every module the blueprints may use, with the version Make exports today. */
export const MODULE_VERSIONS: Readonly<Record<string, number>> = {
	'gateway:CustomWebHook': 1,
	'gateway:WebhookRespond': 1,
	'google-sheets:watchRows': 2,
	'http:MakeRequest': 4,
	'json:ParseJSON': 1,
	'json:TransformToJSON': 1,
	'datastore:ExistRecord': 1,
	'datastore:AddRecord': 1,
	'builtin:BasicRouter': 1,
	'builtin:BasicRepeater': 1,
	'builtin:Break': 1,
	'builtin:Ignore': 1,
	'util:FunctionSleep': 1,
};

/** What the user fills in after import; docs/make.md names each one. */
export const PLACEHOLDERS = ['YOUR_CREATIVEAI_API_KEY', 'YOUR_MAKE_WEBHOOK_URL'] as const;
export const API_BASE_URL = 'https://api.creativeai.run';

/** Make's limits (help.make.com): one run, one HTTP request. */
export const MAX_SCENARIO_RUN_SECONDS = 40 * 60;
export const MAX_HTTP_TIMEOUT_SECONDS = 300;
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 40;
/** util:FunctionSleep takes 1 to 300 seconds. */
export const MAX_SLEEP_SECONDS = 300;

const MODULE_ID = /^[a-z][a-z0-9-]*:[A-Za-z0-9]+$/;
const TOP_LEVEL_KEYS = ['name', 'description', 'flow', 'metadata'];
// Connection, webhook, data store and spreadsheet bindings belong to one account: the user picks
// them after import (the same list as make-blueprints' validate.mjs, plus the sheet ids).
const ACCOUNT_PARAMETERS = [
	'__IMTCONN__',
	'__IMTKEY__',
	'hook',
	'datastore',
	'agent',
	'apiKeyKeychain',
	'basicAuthKeychain',
	'oAuthAccount',
	'proxyKeychain',
	'bodyDataStructure',
	'spreadsheetId',
	'sheetId',
];
const EXPORT_ONLY_METADATA = ['restore', 'expect', 'interface', 'parameters', 'advanced'];
const SECRETS: [RegExp, string][] = [
	[/rph_(live|test)_[A-Za-z0-9_]+/, 'a CreativeAI API key'],
	[/whsec_[A-Za-z0-9+/=]+/, 'a webhook secret'],
	[/Bearer (?!YOUR_CREATIVEAI_API_KEY\b)\S+/, 'a bearer token other than the placeholder'],
	[/hook\.[a-z0-9]+\.make\.com\/\S+/, 'a Make webhook address'],
	[/[A-Za-z0-9._%+-]+@(?!example\.com)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/, 'an e-mail address'],
	[/\b\d{6,}\b/, 'a long number (a team, connection or data store id?)'],
	[/[a-z0-9]+\.make\.com\/api/, 'a Make zone API address'],
];

export function checkBlueprint(blueprint: Blueprint): string[] {
	const problems: string[] = [];
	const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);

	for (const key of Object.keys(blueprint)) {
		if (!TOP_LEVEL_KEYS.includes(key)) fail('blueprint', `unexpected top-level key "${key}"`);
	}
	if (
		typeof blueprint.name !== 'string' ||
		blueprint.name.length < 1 ||
		blueprint.name.length > 120
	) {
		fail('name', 'must be 1 to 120 characters');
	}
	if (!Array.isArray(blueprint.flow) || blueprint.flow.length === 0) {
		fail('flow', 'must not be empty');
	}
	if (blueprint.metadata?.version !== 1) fail('metadata.version', 'must be 1');
	if (typeof blueprint.metadata?.scenario !== 'object') fail('metadata.scenario', 'is required');
	if (!Array.isArray(blueprint.metadata?.designer?.orphans)) {
		fail('metadata.designer.orphans', 'is required');
	}

	const ids = new Set<number>();
	for (const visit of walkModules(blueprint.flow ?? [])) {
		const { module, where } = visit;
		if (!Number.isInteger(module.id) || module.id < 1) {
			fail(where, `id ${module.id} is not an integer >= 1`);
		}
		if (ids.has(module.id)) fail(where, `duplicate module id ${module.id}`);
		ids.add(module.id);
		checkModule(visit, fail);
	}

	const usesBreak = [...walkModules(blueprint.flow ?? [])].some(
		({ module }) => module.module === 'builtin:Break',
	);
	if (usesBreak && blueprint.metadata?.scenario?.dlq !== true) {
		fail(
			'metadata.scenario.dlq',
			'must be true: a Break error handler needs incomplete executions stored',
		);
	}

	const raw = JSON.stringify(blueprint);
	for (const [pattern, label] of SECRETS) {
		const hit = pattern.exec(raw);
		// Quote only the start of what was found: the message must not repeat a secret.
		if (hit) fail('blueprint', `contains ${label}: "${hit[0].slice(0, 12)}..."`);
	}
	for (const hit of raw.matchAll(/\bYOUR_[A-Z0-9_]+/g)) {
		if (!(PLACEHOLDERS as readonly string[]).includes(hit[0])) {
			fail(
				'blueprint',
				`unknown placeholder ${hit[0]} (docs/make.md names ${PLACEHOLDERS.join(', ')})`,
			);
		}
	}
	const worstCase = worstCaseRunSeconds(blueprint.flow ?? []);
	if (worstCase > MAX_SCENARIO_RUN_SECONDS) {
		fail(
			'flow',
			`can run ${worstCase} s in the worst case; Make stops a run at ${MAX_SCENARIO_RUN_SECONDS} s`,
		);
	}
	return problems;
}

type Fail = (where: string, message: string) => void;

function checkModule(visit: ModuleVisit, fail: Fail): void {
	const { module, where, before, isFirst } = visit;
	if (typeof module.module !== 'string' || !MODULE_ID.test(module.module)) {
		fail(where, `invalid module identifier "${module.module}"`);
	} else if (!(module.module in MODULE_VERSIONS)) {
		fail(where, `${module.module} is not a module these blueprints are checked with`);
	} else if (module.version !== MODULE_VERSIONS[module.module]) {
		fail(
			where,
			`${module.module} must be version ${MODULE_VERSIONS[module.module]}, not ${module.version}`,
		);
	}
	for (const key of ACCOUNT_PARAMETERS) {
		if (module.parameters && key in module.parameters) {
			fail(
				where,
				`parameters.${key} belongs to one account: leave it out, the user picks it after import`,
			);
		}
	}
	const designer = module.metadata?.designer;
	if (!designer || typeof designer.x !== 'number' || typeof designer.y !== 'number') {
		fail(where, 'metadata.designer.x/y are required');
	}
	for (const key of Object.keys(module.metadata ?? {})) {
		if (EXPORT_ONLY_METADATA.includes(key)) fail(where, `metadata.${key} is exporter-only`);
	}
	if (isFirst && module.filter) fail(where, 'the first module cannot have a filter');
	if (module.module === 'builtin:BasicRouter') {
		if (module.mapper !== null) fail(where, 'a router has mapper null');
		if (module.filter) fail(where, 'a router cannot have a filter');
		if (!module.routes?.length || module.routes.some((route) => !route.flow?.length)) {
			fail(where, 'a router needs routes, each with modules');
		}
	}
	for (const { path, text } of templatesOf(module)) {
		let referenced: number[];
		let functions: string[];
		try {
			referenced = referencedModules(text);
			functions = calledFunctions(text);
		} catch (error) {
			fail(`${where}.${path}`, (error as Error).message);
			continue;
		}
		for (const id of referenced) {
			if (!before.includes(id)) {
				fail(
					`${where}.${path}`,
					`{{${id}....}} does not name a module that runs before module ${module.id}`,
				);
			}
		}
		for (const name of functions) {
			if (!MAKE_FUNCTIONS.includes(name))
				fail(`${where}.${path}`, `${name}() is not known to the checker`);
		}
	}
	if (module.module === 'http:MakeRequest') checkHttpModule(module.mapper ?? {}, where, fail);
	if (module.module === 'util:FunctionSleep') {
		const seconds = Number(module.mapper?.duration);
		if (!(seconds >= 1 && seconds <= MAX_SLEEP_SECONDS))
			fail(where, `sleep must be 1 to ${MAX_SLEEP_SECONDS} s`);
	}
}

function checkHttpModule(mapper: Record<string, unknown>, where: string, fail: Fail): void {
	const timeout = httpTimeoutSeconds(mapper);
	if (!(timeout >= 1 && timeout <= MAX_HTTP_TIMEOUT_SECONDS)) {
		fail(where, `timeout must be 1 to ${MAX_HTTP_TIMEOUT_SECONDS} s (Make's ceiling)`);
	}
	if (typeof mapper.url !== 'string' || !mapper.url.startsWith(`${API_BASE_URL}/`)) {
		fail(where, `url must start with ${API_BASE_URL}/`);
	}
	const headers = (mapper.headers ?? []) as { name: string; value: string }[];
	const authorization = headers.find((h) => h.name.toLowerCase() === 'authorization');
	if (authorization?.value !== 'Bearer YOUR_CREATIVEAI_API_KEY') {
		fail(where, 'needs the header Authorization: Bearer YOUR_CREATIVEAI_API_KEY');
	}
	if (
		mapper.method === 'post' &&
		!headers.some((h) => h.name.toLowerCase() === 'idempotency-key' && h.value.includes('{{'))
	) {
		fail(
			where,
			'a create needs an Idempotency-Key mapped from the input, so a retry never pays twice',
		);
	}
	if (mapper.allowRedirects !== false)
		fail(
			where,
			'allowRedirects must be false (a redirect would drop the Authorization header into another host)',
		);
}

function httpTimeoutSeconds(mapper: Record<string, unknown>): number {
	return mapper.timeout === undefined ? DEFAULT_HTTP_TIMEOUT_SECONDS : Number(mapper.timeout);
}

/**
 * The longest one run can take: every HTTP request at its timeout, every sleep in full, what
 * follows a repeater once per repeat and a sheet trigger once per row. Routes count their longest
 * branch.
 */
export function worstCaseRunSeconds(flow: readonly BlueprintModule[]): number {
	let total = 0;
	for (const [index, module] of flow.entries()) {
		if (module.module === 'http:MakeRequest') total += httpTimeoutSeconds(module.mapper ?? {});
		if (module.module === 'util:FunctionSleep') total += Number(module.mapper?.duration ?? 0);
		if (module.routes) {
			total += Math.max(0, ...module.routes.map((route) => worstCaseRunSeconds(route.flow ?? [])));
		}
		// A repeater runs what follows once per repeat; a sheet trigger once per row it hands on.
		if (module.module === 'builtin:BasicRepeater') {
			const repeats = Number(module.mapper?.repeats ?? 1);
			return total + repeats * worstCaseRunSeconds(flow.slice(index + 1));
		}
		if (module.module === 'google-sheets:watchRows') {
			const rows = Number(module.parameters?.limit ?? 1);
			return total + rows * worstCaseRunSeconds(flow.slice(index + 1));
		}
	}
	return total;
}
