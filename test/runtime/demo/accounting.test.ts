// The main job's books: the first report of a job's end counts, a later one is only "late", and a
// job claimed by two rows or an end for an unknown job is a problem, never silently accepted.
import { JobAccounting, type JobEnd } from '../../../src/runtime/demo/accounting';

const webhook: JobEnd = {
	status: 'completed',
	source: 'webhook',
	failoverUsed: false,
	outputUrl: 'u',
};
const poll: JobEnd = { ...webhook, source: 'poll' };

describe('JobAccounting', () => {
	it('counts the first end of a job and only notes a second one as late', () => {
		const books = new JobAccounting();
		books.submitted('L1', 'vgen_1', 'video');
		expect(books.ended('vgen_1', poll)).toBe(true);
		expect(books.ended('vgen_1', webhook)).toBe(false);
		expect(books.entry('vgen_1')?.end?.source).toBe('poll');
		expect(books.lateReports).toBe(1);
		expect(books.problems).toEqual([]);
	});

	it('lists jobs without an end as unsettled', () => {
		const books = new JobAccounting();
		books.submitted('L1', 'vgen_1', 'video');
		books.submitted('L2', 'vgen_2', 'video');
		books.ended('vgen_2', webhook);
		expect(books.unsettled()).toEqual(['vgen_1']);
	});

	it('flags one job given to two rows', () => {
		const books = new JobAccounting();
		books.submitted('L1', 'vgen_1', 'video');
		books.submitted('L2', 'vgen_1', 'video');
		expect(books.problems).toEqual(['job vgen_1 was given to rows L1 and L2']);
	});

	it('flags an end for a job no row submitted', () => {
		const books = new JobAccounting();
		expect(books.ended('vgen_x', webhook)).toBe(false);
		expect(books.problems[0]).toMatch(/vgen_x, which no row submitted/);
	});
});
