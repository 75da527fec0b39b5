export * from './client';
export * from './timers';
export * from './transport/undici';
export * from './transport/fetch';
