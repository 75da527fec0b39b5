export * from './submitBatch';
