// The guides show the code that runs: every TypeScript block of docs/receiving-webhooks.md is a
// verbatim part of an example that test/examples/receivers.test.ts runs, and the README links
// both guides.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

it('every code block of docs/receiving-webhooks.md is taken from a tested example', () => {
	const guide = read('docs/receiving-webhooks.md');
	const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
	const examples = ['express.ts', 'fastify.ts', 'node-http.ts'].map((file) =>
		read(`examples/receivers/${file}`),
	);
	expect(blocks).toHaveLength(3);
	for (const block of blocks) {
		expect(examples.some((source) => source.includes(block))).toBe(true);
	}
});

it('the README links the Make guide and the receiving guide', () => {
	const readme = read('README.md');
	expect(readme).toContain('(docs/make.md)');
	expect(readme).toContain('(docs/receiving-webhooks.md)');
});
