import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/mysql2';
import { migrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';
import { toStoreError } from './errors.js';
import { checkMysqlUrl } from './pool.js';

/** The committed SQL migrations, at the package root whether this runs from src or dist. */
export const MYSQL_MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Brings the database named in the URL up to the latest schema. Applied migrations are
 * recorded in `__drizzle_migrations`, so running it again changes nothing.
 */
export async function migrateMysql(url: string): Promise<void> {
  const uri = checkMysqlUrl(url).href.replace(/^mariadb:/, 'mysql:');
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({ uri, connectTimeout: 10_000, timezone: 'Z' });
  } catch (error) {
    throw toStoreError(error);
  }
  try {
    await migrate(drizzle({ client: connection }), { migrationsFolder: MYSQL_MIGRATIONS_FOLDER });
  } catch (error) {
    throw toStoreError(error);
  } finally {
    await connection.end().catch(() => {});
  }
}
