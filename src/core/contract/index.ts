export * from './common';
export * from './video';
export * from './voice';
export * from './webhooks';
export * from './account';
export * from './endpoints';
export * from './validate';

import type { VideoGeneration } from './video';
import type { VoiceGeneration } from './voice';
/** Either kind of job. */
export type Generation = VideoGeneration | VoiceGeneration;
export * from './openapi';
