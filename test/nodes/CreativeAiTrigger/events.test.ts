import { sameEvents, subscriptionEventsFor } from '../../../nodes/CreativeAiTrigger/events';

describe('subscriptionEventsFor', () => {
	it.each([
		[['video.generation.completed'], ['generation.completed']],
		[['voice.generation.failed'], ['generation.failed']],
		[['video.generation.completed', 'voice.generation.completed'], ['generation.completed']],
		[
			['voice.generation.failed', 'video.generation.completed'],
			['generation.completed', 'generation.failed'],
		],
		[[], []],
	] as const)('subscribes %j as %j', (events, expected) => {
		expect(subscriptionEventsFor(events)).toEqual(expected);
	});
});

describe('sameEvents', () => {
	it.each([
		[['generation.completed'], ['generation.completed'], true],
		[
			['generation.failed', 'generation.completed'],
			['generation.completed', 'generation.failed'],
			true,
		],
		[['generation.completed'], ['generation.completed', 'generation.failed'], false],
		[['generation.completed', 'generation.failed'], ['generation.failed'], false],
	] as const)('%j against %j is %s', (subscribed, wanted, expected) => {
		expect(sameEvents(subscribed, wanted)).toBe(expected);
	});
});
