// The package's public API: the shared core. Node-side adapters live in src/runtime/ and are not
// part of the n8n package (see README, "Packages and the Node strategy").
export * from './errors';
export type * from './ports';
export * from './contract';
export * from './url';
export * from './wait';
export * from './batch';
export * from './dedup';
export * from './webhooks';
export * from './client';
export { MAX_JSON_DEPTH, parseJson } from './json';
export type { JsonParseResult } from './json';
export { redactError, redactText, secretSpellings } from './redaction';
