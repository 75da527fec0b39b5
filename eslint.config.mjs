// Lint for the whole repository, plus the rule that keeps src/core inside n8n's rules for
// verified community nodes: no timers, process, globals, environment, files or network modules.
// Time and I/O reach the core through ports (see src/core/ports.ts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const coreForbiddenGlobals = [
	'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
	'process', 'globalThis', 'global', 'require', '__dirname', '__filename', 'fetch', 'queueMicrotask', 'Buffer',
].map((name) => ({ name, message: 'src/core gets time and I/O through ports (n8n community-node rules).' }));

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'zapier-app/node_modules/**', 'zapier-app/dist/**', '**/*.js', '**/*.mjs'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/consistent-type-imports': 'error',
		},
	},
	{
		files: ['src/core/**/*.ts'],
		rules: {
			'no-restricted-globals': ['error', ...coreForbiddenGlobals],
			'no-restricted-imports': ['error', {
				patterns: [{
					regex: '^(?!zod(/v4)?$|node:crypto$|\\.{1,2}/).*',
					message: 'src/core may import only zod, node:crypto and its own files.',
				}],
			}],
			'no-restricted-syntax': ['error',
				{ selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Take time from the clock port.' },
				{ selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Take time from the clock port.' },
			],
		},
	},
);
