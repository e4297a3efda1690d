export * from './create-mysql-stores.js';
export { MysqlExecutor } from './executor.js';
export * from './migrate.js';
export * from './mysql-api-key-store.js';
export * from './mysql-token-store.js';
export * as mysqlSchema from './schema.js';
