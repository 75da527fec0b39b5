// Every blueprint in make/ is a valid Make blueprint for import: structure, references, no
// secrets, Make's limits. Each rule is also shown to catch the mistake it is there for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { loadBlueprints, type Blueprint } from '../support/make/blueprint';
import {
	checkBlueprint,
	MAX_SCENARIO_RUN_SECONDS,
	PLACEHOLDERS,
	worstCaseRunSeconds,
} from '../support/make/structure';

const blueprints = loadBlueprints();
const copy = (name: string): Blueprint =>
	JSON.parse(JSON.stringify(blueprints.get(name))) as Blueprint;

it('make/ holds one blueprint per scenario, named for what it does', () => {
	expect([...blueprints.keys()]).toEqual([
		'create-video-and-poll.blueprint.json',
		'create-video-from-row.blueprint.json',
		'receive-signed-delivery.blueprint.json',
		'voice-narration-for-video.blueprint.json',
	]);
});

describe.each([...blueprints.keys()])('%s', (name) => {
	it('passes every structural check', () => {
		expect(checkBlueprint(blueprints.get(name)!)).toEqual([]);
	});

	it('is explained in docs/make.md, placeholders included', () => {
		const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'make.md'), 'utf8');
		expect(guide).toContain(`make/${name}`);
		const raw = JSON.stringify(blueprints.get(name));
		for (const placeholder of PLACEHOLDERS) {
			if (raw.includes(placeholder)) expect(guide).toContain(placeholder);
		}
	});
});

it('the polling scenario fits in one Make run even if every request times out', () => {
	const worstCase = worstCaseRunSeconds(
		blueprints.get('create-video-and-poll.blueprint.json')!.flow,
	);
	// 40 s create + 25 rounds of (60 s sleep + 20 s read).
	expect(worstCase).toBe(40 + 25 * (60 + 20));
	expect(worstCase).toBeLessThanOrEqual(MAX_SCENARIO_RUN_SECONDS);
});

it('the receiving scenario handles one delivery at a time, so a repeat cannot slip past the data store', () => {
	expect(
		blueprints.get('receive-signed-delivery.blueprint.json')!.metadata.scenario.sequential,
	).toBe(true);
});

describe('the checker catches', () => {
	const base = 'receive-signed-delivery.blueprint.json';

	it('a duplicate module id', () => {
		const blueprint = copy(base);
		blueprint.flow[1].routes![1].flow[0].id = 3;
		expect(checkBlueprint(blueprint)).toContainEqual(
			expect.stringMatching(/duplicate module id 3/),
		);
	});

	it('a reference to a module that has not run yet', () => {
		const blueprint = copy(base);
		blueprint.flow[1].routes![0].flow[0].mapper = { json: '{{6.value}}' };
		expect(checkBlueprint(blueprint)).toContainEqual(
			expect.stringMatching(/\{\{6\.\.\.\.\}\} does not name a module that runs before module 3/),
		);
	});

	it('a reference into a sibling route', () => {
		const blueprint = copy(base);
		blueprint.flow[1].routes![1].flow[0].mapper!.body = '{{3.id}}';
		expect(checkBlueprint(blueprint)).toContainEqual(
			expect.stringMatching(/\{\{3\.\.\.\.\}\} does not name a module that runs before module 9/),
		);
	});

	it('an API key, a bound webhook or an unknown placeholder', () => {
		const blueprint = copy('create-video-from-row.blueprint.json');
		const headers = blueprint.flow[2].mapper!.headers as { name: string; value: string }[];
		headers[0].value = 'Bearer rph_live_abcdefghijklmnop';
		blueprint.flow[0].parameters = { ...blueprint.flow[0].parameters, spreadsheetId: '/1abc' };
		blueprint.flow[2].mapper!.jsonStringBodyContent = '{"webhook_url": "YOUR_OWN_URL"}';
		const problems = checkBlueprint(blueprint);
		expect(problems).toContainEqual(expect.stringMatching(/contains a CreativeAI API key/));
		expect(problems).toContainEqual(
			expect.stringMatching(/parameters.spreadsheetId belongs to one account/),
		);
		expect(problems).toContainEqual(expect.stringMatching(/unknown placeholder YOUR_OWN_URL/));
	});

	it("a create without an Idempotency-Key, and a timeout over Make's 300 s", () => {
		const blueprint = copy('create-video-from-row.blueprint.json');
		const mapper = blueprint.flow[2].mapper!;
		mapper.headers = (mapper.headers as { name: string }[]).filter(
			(h) => h.name !== 'Idempotency-Key',
		);
		mapper.timeout = 600;
		const problems = checkBlueprint(blueprint);
		expect(problems).toContainEqual(expect.stringMatching(/needs an Idempotency-Key/));
		expect(problems).toContainEqual(expect.stringMatching(/timeout must be 1 to 300 s/));
	});

	it('a poll that could outlive a 40-minute run, and a wrong module version', () => {
		const blueprint = copy('create-video-and-poll.blueprint.json');
		blueprint.flow[3].mapper!.repeats = '40';
		blueprint.flow[2].version = 3;
		const problems = checkBlueprint(blueprint);
		expect(problems).toContainEqual(expect.stringMatching(/can run 3240 s in the worst case/));
		expect(problems).toContainEqual(
			expect.stringMatching(/http:MakeRequest must be version 4, not 3/),
		);
	});

	it('a retrying error handler in a scenario that does not keep incomplete executions', () => {
		const blueprint = copy('create-video-from-row.blueprint.json');
		blueprint.metadata.scenario.dlq = false;
		expect(checkBlueprint(blueprint)).toContainEqual(expect.stringMatching(/dlq: must be true/));
	});

	it('a poll that takes several rows per run', () => {
		const blueprint = copy('create-video-and-poll.blueprint.json');
		blueprint.flow[0].parameters!.limit = 2;
		expect(checkBlueprint(blueprint)).toContainEqual(
			expect.stringMatching(/can run 4080 s in the worst case/),
		);
	});

	it('a function the evaluator cannot run', () => {
		const blueprint = copy(base);
		blueprint.flow[1].routes![0].flow[0].filter!.conditions[0][0].b = '{{md5(1.value)}}';
		expect(checkBlueprint(blueprint)).toContainEqual(expect.stringMatching(/md5\(\) is not known/));
	});
});
