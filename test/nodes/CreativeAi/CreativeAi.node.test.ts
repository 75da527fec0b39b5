// The node's description as n8n reads it: what other parts of the package (the trigger's wait
// mode, the docs) rely on, and what n8n needs to show it.
import type { INodeProperties } from 'n8n-workflow';

import { CreativeAi } from '../../../nodes/CreativeAi/CreativeAi.node';

const { description } = new CreativeAi();
const named = (name: string): INodeProperties[] =>
	description.properties.filter((property) => property.name === name);

it('is the creativeAi node, usable as an AI tool, with the creativeAiApi credential', () => {
	expect(description.name).toBe('creativeAi');
	expect(description.usableAsTool).toBe(true);
	expect(description.credentials).toEqual([{ name: 'creativeAiApi', required: true }]);
	expect(description.icon).toEqual({
		light: 'file:creativeAi.svg',
		dark: 'file:creativeAi.dark.svg',
	});
});

it("offers Wait for Completion on video and voice Create, Don't Wait by default", () => {
	const [waitMode, ...others] = named('waitMode');
	expect(others).toHaveLength(1);
	for (const field of [waitMode, ...others]) {
		expect(field.default).toBe('none');
		expect(field.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual([
			'none',
			'poll',
		]);
	}
	expect(named('waitMode').map((field) => field.displayOptions?.show?.resource)).toEqual([
		['video'],
		['voice'],
	]);
});

it('lists every operation of every resource', () => {
	const operations = Object.fromEntries(
		named('operation').map((field) => [
			String(field.displayOptions?.show?.resource),
			field.options?.map((option) => ('value' in option ? option.value : undefined)),
		]),
	);
	expect(operations).toEqual({
		video: ['create', 'download', 'get', 'getAll'],
		voice: ['create', 'download', 'get'],
		account: ['get'],
	});
});

it('defaults: Concurrency 8, Maximum Wait 15 minutes, Poll Interval 5 s', () => {
	const options = named('options')[0].options as INodeProperties[];
	const byName = Object.fromEntries(options.map((option) => [option.name, option.default]));
	expect(byName).toMatchObject({ concurrency: 8, pollIntervalSeconds: 5, idempotencyKey: '' });
	expect(named('maxWaitMinutes')[0].default).toBe(15);
});
