// Runs a blueprint the way Make runs a scenario, for the modules our blueprints use: bundles flow
// depth first (a repeater's second bundle starts after the first has gone all the way), a filter
// stops a bundle, a router tries every route in order, an error stops the bundle and hands it to
// the module's error handler. HTTP modules really send their request (to the sandbox in tests);
// the data store is a Map; Webhook Response modules are recorded; sleeps go through `sleep`.
// Test tooling: it exists so the checker can prove a blueprint works, not to emulate all of Make.
import { evaluateTemplate, type Bundles } from './iml';
import { toText } from './text';
import type { Blueprint, BlueprintModule, ModuleFilter } from './blueprint';

export interface SentRequest {
	moduleId: number;
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
	status: number;
	responseBody: unknown;
}

export interface WebhookResponse {
	moduleId: number;
	status: number;
	body: string;
	headers: Record<string, string>;
}

export interface RunOptions {
	/** The first module's output bundle (a sheet row, a webhook request). */
	trigger: Record<string, unknown>;
	/** Placeholder -> value, replaced everywhere in the blueprint before it runs. */
	fill?: Record<string, string>;
	/** The scenario's data store (shared between runs to see de-duplication). */
	dataStore?: Map<string, unknown>;
	/** How a Sleep module waits; default: not at all. */
	sleep?: (seconds: number) => Promise<void>;
}

export interface RunResult {
	requests: SentRequest[];
	responses: WebhookResponse[];
	/** Module ids in the order they ran (a module that ran for three bundles appears three times). */
	ran: number[];
	errors: { moduleId: number; message: string; handledBy: string[] }[];
	/** Set when an error had no handler: Make stops the whole run there. */
	stoppedBy?: number;
	sleptSeconds: number;
	dataStore: Map<string, unknown>;
}

export async function runScenario(blueprint: Blueprint, options: RunOptions): Promise<RunResult> {
	const filled = fillPlaceholders(blueprint, options.fill ?? {});
	const result: RunResult = {
		requests: [],
		responses: [],
		ran: [],
		errors: [],
		sleptSeconds: 0,
		dataStore: options.dataStore ?? new Map(),
	};
	const run = new Run(options, result);
	await run.flow(filled.flow, 0, new Map(), true);
	return result;
}

/** Replaces each placeholder in every string of the blueprint. */
export function fillPlaceholders(blueprint: Blueprint, fill: Record<string, string>): Blueprint {
	let text = JSON.stringify(blueprint);
	for (const [placeholder, value] of Object.entries(fill)) {
		text = text.split(placeholder).join(JSON.stringify(value).slice(1, -1));
	}
	return JSON.parse(text) as Blueprint;
}

/** Evaluates a filter: any AND group whose conditions all hold lets the bundle through. */
export function passesFilter(filter: ModuleFilter | undefined, bundles: Bundles): boolean {
	if (!filter) return true;
	return filter.conditions.some((group) =>
		group.every((condition) =>
			compare(
				condition.o,
				evaluateTemplate(condition.a, bundles),
				evaluateTemplate(condition.b ?? '', bundles),
			),
		),
	);
}

function compare(operator: string, a: unknown, b: unknown): boolean {
	switch (operator) {
		case 'text:equal':
			return toText(a) === toText(b);
		case 'text:notequal':
			return toText(a) !== toText(b);
		case 'boolean:equal':
			return toBoolean(a) === toBoolean(b);
		case 'exist':
			return a !== undefined && a !== null && a !== '';
		case 'notexist':
			return a === undefined || a === null || a === '';
		default:
			throw new TypeError(`filter operator ${operator} is not known to the checker`);
	}
}

function toBoolean(value: unknown): boolean {
	if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
	return Boolean(value);
}

class ModuleError extends Error {}

class Run {
	constructor(
		private readonly options: RunOptions,
		private readonly result: RunResult,
	) {}

	async flow(
		modules: readonly BlueprintModule[],
		index: number,
		bundles: Bundles,
		topLevel = false,
	): Promise<void> {
		const module = modules[index];
		if (!module || this.result.stoppedBy !== undefined) return;
		if (!passesFilter(module.filter, bundles)) return;
		this.result.ran.push(module.id);
		if (module.module === 'builtin:BasicRouter') {
			for (const route of module.routes ?? []) await this.flow(route.flow, 0, bundles);
			return;
		}
		let outputs: unknown[];
		try {
			outputs = await this.execute(module, bundles, topLevel && index === 0);
		} catch (error) {
			const handledBy = (module.onerror ?? []).map((handler) => handler.module);
			this.result.errors.push({
				moduleId: module.id,
				message: (error as Error).message,
				handledBy,
			});
			return;
		}
		for (const output of outputs) {
			await this.flow(modules, index + 1, new Map(bundles).set(module.id, output), topLevel);
		}
	}

	private async execute(
		module: BlueprintModule,
		bundles: Bundles,
		isTrigger: boolean,
	): Promise<unknown[]> {
		const mapper = evaluateMapper(module.mapper ?? {}, bundles) as Record<string, unknown>;
		switch (module.module) {
			case 'google-sheets:watchRows':
			case 'gateway:CustomWebHook':
				if (!isTrigger) throw new ModuleError(`${module.module} only starts a scenario`);
				return [this.options.trigger];
			case 'json:TransformToJSON':
				return [{ json: JSON.stringify(mapper.object ?? null) }];
			case 'json:ParseJSON':
				try {
					return [JSON.parse(toText(mapper.json))];
				} catch (error) {
					throw new ModuleError(`Parse JSON: ${(error as Error).message}`);
				}
			case 'http:MakeRequest':
				return [await this.send(module.id, mapper)];
			case 'datastore:ExistRecord':
				return [{ exist: this.result.dataStore.has(toText(mapper.key)) }];
			case 'datastore:AddRecord':
				return [this.addRecord(mapper)];
			case 'gateway:WebhookRespond':
				this.result.responses.push({
					moduleId: module.id,
					status: Number(mapper.status),
					body: toText(mapper.body),
					headers: Object.fromEntries(
						((mapper.headers ?? []) as { key: string; value: string }[]).map((h) => [
							h.key,
							h.value,
						]),
					),
				});
				return [{}];
			case 'builtin:BasicRepeater':
				return repeaterBundles(mapper);
			case 'util:FunctionSleep': {
				const seconds = Number(mapper.duration);
				this.result.sleptSeconds += seconds;
				await this.options.sleep?.(seconds);
				return [{}];
			}
			default:
				throw new TypeError(`the checker cannot run ${module.module}`);
		}
	}

	private addRecord(mapper: Record<string, unknown>): unknown {
		const key = toText(mapper.key);
		if (this.result.dataStore.has(key) && mapper.overwrite !== true) {
			throw new ModuleError(`data store: a record with the key ${key} already exists`);
		}
		this.result.dataStore.set(key, mapper.data);
		return { key, data: mapper.data };
	}

	private async send(moduleId: number, mapper: Record<string, unknown>): Promise<unknown> {
		const method = toText(mapper.method).toUpperCase();
		const url = new URL(toText(mapper.url));
		for (const { name, value } of (mapper.queryParameters ?? []) as {
			name: string;
			value: string;
		}[]) {
			url.searchParams.append(name, value);
		}
		const headers: Record<string, string> = {};
		for (const { name, value } of (mapper.headers ?? []) as { name: string; value: string }[]) {
			headers[name] = toText(value);
		}
		let body: string | undefined;
		if (mapper.inputMethod === 'jsonString') {
			body = toText(mapper.jsonStringBodyContent);
			if (mapper.contentType === 'json') headers['Content-Type'] ??= 'application/json';
		}
		const response = await fetch(url, {
			method,
			headers,
			body,
			redirect: mapper.allowRedirects === false ? 'manual' : 'follow',
			signal: AbortSignal.timeout(Number(mapper.timeout ?? 40) * 1000),
		});
		const text = await response.text();
		const isJson = (response.headers.get('content-type') ?? '').includes('json');
		const data = mapper.parseResponse && isJson && text !== '' ? JSON.parse(text) : text;
		this.result.requests.push({
			moduleId,
			method,
			url: url.toString(),
			headers,
			body,
			status: response.status,
			responseBody: data,
		});
		if (mapper.stopOnHttpError && response.status >= 400) {
			throw new ModuleError(`HTTP ${response.status}: ${text.slice(0, 200)}`);
		}
		const responseHeaders: Record<string, string> = {};
		response.headers.forEach((value, name) => {
			responseHeaders[name] = value;
		});
		return { statusCode: response.status, headers: responseHeaders, data };
	}
}

function repeaterBundles(mapper: Record<string, unknown>): unknown[] {
	const start = Number(mapper.start ?? 1);
	const step = Number(mapper.step ?? 1);
	const repeats = Number(mapper.repeats);
	return Array.from({ length: repeats }, (_, index) => ({ i: start + index * step }));
}

function evaluateMapper(value: unknown, bundles: Bundles): unknown {
	if (typeof value === 'string') return evaluateTemplate(value, bundles);
	if (Array.isArray(value)) return value.map((item) => evaluateMapper(item, bundles));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, item]) => [key, evaluateMapper(item, bundles)]),
		);
	}
	return value;
}
