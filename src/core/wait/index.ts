export * from './interval';
export * from './kind';
export type * from './poller';
export * from './waitForCompletion';
