import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { generateSecrets, HmacTokenHasher, parseLookupKey } from '@pushreg/adapters-crypto';
import mysql from 'mysql2/promise';

/** Environment for a server on `url` with fresh secrets and a temp data folder. */
export function mysqlServerEnv(url: string, extra: Record<string, string> = {}) {
  const secrets = generateSecrets();
  const dataDir = mkdtempSync(join(tmpdir(), 'pushreg-mysql-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    PUSHREG_DATABASE_URL: url,
    PUSHREG_ENCRYPTION_KEYS: secrets.encryptionKeys,
    PUSHREG_LOOKUP_KEY: secrets.lookupKey,
    PUSHREG_DATA_DIR: dataDir,
    ...extra,
  };
  const hasher = new HmacTokenHasher(parseLookupKey(secrets.lookupKey));
  return { env, dataDir, secrets, digestOf: (token: string) => Buffer.from(hasher.digest(token)) };
}

/** A direct connection to read what the server stored; the caller ends it. */
export function rawConnection(url: string) {
  return mysql.createConnection({ uri: url, timezone: 'Z' });
}

/** A fingerprint of every stored registration and topic, to prove a request changed nothing. */
export async function fingerprint(connection: mysql.Connection): Promise<string> {
  const [rows] = await connection.query(
    'CHECKSUM TABLE registrations, registration_topics EXTENDED',
  );
  return JSON.stringify(rows);
}
