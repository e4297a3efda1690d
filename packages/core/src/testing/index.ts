export * from './api-key-store.contract.js';
export * from './bytes.js';
export * from './doubles.js';
export * from './in-memory-api-key-store.js';
export * from './in-memory-token-store.js';
export * from './token-store.contract.js';
