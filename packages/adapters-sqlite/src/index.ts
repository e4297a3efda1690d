export { SqliteApiKeyStore } from './api-key-store.js';
export type { SqliteLease } from './connection.js';
export { MIGRATIONS_FOLDER } from './migrate.js';
export {
  migrateSqlite,
  openSqliteStores,
  type SqliteStoreOptions,
  type SqliteStores,
} from './open.js';
export * as sqliteSchema from './schema.js';
export { SqliteTokenStore } from './token-store.js';
