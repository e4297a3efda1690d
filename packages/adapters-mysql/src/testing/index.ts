export * from './docker.js';
export * from './local-binary.js';
export * from './server-source.js';
export * from './test-database.js';
export * from './throwaway-mysql.js';
