import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/** The committed drizzle-kit output; resolved from the package root, so src and dist both work. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

// Same bookkeeping table as Drizzle's own migrator and drizzle-kit, so either can take over.
const JOURNAL = '__drizzle_migrations';

/**
 * Applies the migrations newer than the last one recorded and returns how many ran. Drizzle's
 * better-sqlite3 migrator reads the journal outside its transaction and opens that transaction
 * with a plain BEGIN, so two processes migrating at once (server start-up and `pushreg migrate`)
 * could both apply the same step or fail with SQLITE_BUSY. Here the whole check-and-apply runs
 * under BEGIN IMMEDIATE: the second process waits, then finds nothing left to do.
 */
export function applyMigrations(sqlite: Database.Database): number {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const apply = sqlite.transaction(() => {
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${JOURNAL} ` +
        '(id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
    );
    const last = sqlite.prepare(`SELECT max(created_at) AS at FROM ${JOURNAL}`).get() as {
      at: number | string | null;
    };
    const lastMillis = last.at === null ? -1 : Number(last.at);
    const pending = migrations.filter((m) => m.folderMillis > lastMillis);
    const record = sqlite.prepare(`INSERT INTO ${JOURNAL} (hash, created_at) VALUES (?, ?)`);
    for (const migration of pending) {
      for (const statement of migration.sql) sqlite.exec(statement);
      record.run(migration.hash, migration.folderMillis);
    }
    return pending.length;
  });
  return apply.immediate();
}
