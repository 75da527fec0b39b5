#!/usr/bin/env node
// The `creativeai` command. Runs the compiled CLI when `npm run build` has produced it, and the
// TypeScript source through tsx otherwise, so it works straight after `npm ci`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..', '..');
const compiled = path.join(root, 'dist', 'src', 'runtime', 'cli', 'main.js');
if (fs.existsSync(compiled)) {
	require(compiled);
} else {
	require('tsx/cjs');
	require(path.join(root, 'src', 'runtime', 'cli', 'main.ts'));
}
