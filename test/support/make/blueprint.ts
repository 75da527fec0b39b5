// The shape of a Make scenario blueprint as Make's own integromat/make-blueprints repository
// publishes it (name, description, flow of modules, metadata), how to load ours, and how to walk
// every module with the modules that run before it on the same path.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FilterCondition {
	a: string;
	o: string;
	b?: string;
}

export interface ModuleFilter {
	name: string;
	/** An OR of AND groups, as Make stores it. */
	conditions: FilterCondition[][];
}

export interface BlueprintModule {
	id: number;
	module: string;
	version: number;
	parameters?: Record<string, unknown>;
	mapper?: Record<string, unknown> | null;
	filter?: ModuleFilter;
	metadata?: { designer?: { x: number; y: number }; [key: string]: unknown };
	routes?: { flow: BlueprintModule[] }[];
	onerror?: BlueprintModule[];
}

export interface Blueprint {
	name: string;
	description?: string;
	flow: BlueprintModule[];
	metadata: {
		version: number;
		scenario: Record<string, unknown>;
		designer: { orphans: unknown[] };
	};
}

export const MAKE_DIR = join(__dirname, '..', '..', '..', 'make');

/** Every `make/*.blueprint.json`, by file name. */
export function loadBlueprints(dir = MAKE_DIR): Map<string, Blueprint> {
	const files = readdirSync(dir)
		.filter((name) => name.endsWith('.blueprint.json'))
		.sort();
	return new Map(
		files.map((name) => [name, JSON.parse(readFileSync(join(dir, name), 'utf8')) as Blueprint]),
	);
}

export function loadBlueprint(file: string, dir = MAKE_DIR): Blueprint {
	return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Blueprint;
}

export interface ModuleVisit {
	module: BlueprintModule;
	/** Where it sits, for messages: `flow[2].routes[0].flow[1]`. */
	where: string;
	/** Ids of the modules that have run when this one runs (an error handler sees its module). */
	before: readonly number[];
	isFirst: boolean;
	inErrorHandler: boolean;
}

/** Every module of a blueprint, depth first, routes and error handlers included. */
export function* walkModules(
	flow: readonly BlueprintModule[],
	path = 'flow',
	before: readonly number[] = [],
	inErrorHandler = false,
): Generator<ModuleVisit> {
	const seen = [...before];
	for (const [index, module] of flow.entries()) {
		const where = `${path}[${index}]`;
		yield {
			module,
			where,
			before: [...seen],
			isFirst: path === 'flow' && index === 0,
			inErrorHandler,
		};
		for (const [r, route] of (module.routes ?? []).entries()) {
			yield* walkModules(route.flow ?? [], `${where}.routes[${r}].flow`, [...seen, module.id]);
		}
		if (module.onerror) {
			yield* walkModules(module.onerror, `${where}.onerror`, [...seen, module.id], true);
		}
		seen.push(module.id);
	}
}

/** Every string inside a value (mapper, filter, parameters), with its path. */
export function* stringsIn(
	value: unknown,
	path: string,
): Generator<{ path: string; text: string }> {
	if (typeof value === 'string') {
		yield { path, text: value };
	} else if (Array.isArray(value)) {
		for (const [index, item] of value.entries()) yield* stringsIn(item, `${path}[${index}]`);
	} else if (value !== null && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) yield* stringsIn(item, `${path}.${key}`);
	}
}

/** The templates of one module: its mapper and its filter (the routes' modules are visited apart). */
export function templatesOf(module: BlueprintModule): { path: string; text: string }[] {
	return [...stringsIn(module.mapper ?? {}, 'mapper'), ...stringsIn(module.filter ?? {}, 'filter')];
}
