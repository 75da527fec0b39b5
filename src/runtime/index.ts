export * from './client';
export * from './timers';
export * from './transport/undici';
export * from './transport/fetch';
export * from './redisDedupStore';
export * from './sandbox';
