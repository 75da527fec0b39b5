// The CreativeAI Zapier app: registers every action by its key. Behaviour lives in the shared core
// (../../src/core), bundled in at build time; this package maps Zapier's bundle onto it.
import zapier, { defineApp } from 'zapier-platform-core';

import packageJson from '../package.json';
import authentication from './authentication';
import createVideo from './creates/createVideo';
import createVoice from './creates/createVoice';
import { downloadOutput } from './hydrators';
import { afters, befores } from './middleware';
import findGeneration from './searches/findGeneration';
import generationCompleted from './triggers/generationCompleted';
import generationFailed from './triggers/generationFailed';

export default defineApp({
	version: packageJson.version,
	platformVersion: zapier.version,
	authentication,
	beforeRequest: [...befores],
	afterResponse: [...afters],
	hydrators: { downloadOutput },
	triggers: {
		[generationCompleted.key]: generationCompleted,
		[generationFailed.key]: generationFailed,
	},
	creates: {
		[createVideo.key]: createVideo,
		[createVoice.key]: createVoice,
	},
	searches: {
		[findGeneration.key]: findGeneration,
	},
});
