export * from './interval';
export * from './retryAfter';
export * from './kind';
export type * from './poller';
export * from './waitForCompletion';
