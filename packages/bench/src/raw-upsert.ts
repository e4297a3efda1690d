import { performance } from 'node:perf_hooks';
import {
  AesGcmTokenCipher,
  HmacTokenHasher,
  parseKeyring,
  parseLookupKey,
} from '@pushreg/adapters-crypto';
import mysql from 'mysql2/promise';
import { bodySequence } from './bodies.js';
import type { LoadResult } from './load.js';
import { percentile } from './stats.js';

export const RAW_TABLE = 'bench_raw_registrations';

const UPSERT = `INSERT INTO ${RAW_TABLE}
  (digest, sealed_token, platform, app_version, locale, status, created_at, updated_at,
   expired_at, api_key_id)
  VALUES (?, ?, ?, ?, ?, 'active', ?, ?, NULL, ?)
  ON DUPLICATE KEY UPDATE sealed_token = VALUES(sealed_token), platform = VALUES(platform),
    app_version = VALUES(app_version), locale = VALUES(locale), status = 'active',
    updated_at = VALUES(updated_at), expired_at = NULL, api_key_id = VALUES(api_key_id)`;

export interface RawUpsertOptions {
  readonly databaseUrl: string;
  readonly encryptionKeys: string;
  readonly lookupKey: string;
  readonly concurrency: number;
  readonly poolSize: number;
  readonly seconds: number;
  /** Rows prepared in advance; the loop wraps around (turning them into updates) past this. */
  readonly rows: number;
}

/** Creates the ceiling's table with exactly the shape of `registrations`. */
export async function createRawTable(databaseUrl: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: databaseUrl });
  try {
    await connection.query(`CREATE TABLE IF NOT EXISTS ${RAW_TABLE} LIKE registrations`);
  } finally {
    await connection.end();
  }
}

/** Rows of real digests and sealed tokens; made apart so the timed loop does not pay for them. */
export function prepareRawRows(
  options: Pick<RawUpsertOptions, 'encryptionKeys' | 'lookupKey' | 'concurrency' | 'rows'>,
): unknown[][] {
  const hasher = new HmacTokenHasher(parseLookupKey(options.lookupKey));
  const cipher = new AesGcmTokenCipher(parseKeyring(options.encryptionKeys));
  return bodySequence(options.rows, options.concurrency).map((item) => {
    const body = JSON.parse(item.json) as { platform: string; app_ver: string; locale: string };
    const digest = hasher.digest(item.token);
    const sealed = Buffer.from(cipher.seal(item.token, digest));
    return [digest, sealed, body.platform, body.app_ver, body.locale];
  });
}

/**
 * The database ceiling: `concurrency` loops, each issuing one INSERT … ON DUPLICATE KEY UPDATE
 * at a time through one mysql2 pool, for the given seconds. Rows carry real HMAC digests and
 * AES-GCM sealed tokens of the same sizes as the server writes, a fifth of them repeats.
 */
export async function measureRawUpserts(
  options: RawUpsertOptions,
  rows: readonly unknown[][] = prepareRawRows(options),
): Promise<LoadResult> {
  const pool = mysql.createPool({
    uri: options.databaseUrl,
    connectionLimit: options.poolSize,
    maxIdle: options.poolSize,
    timezone: 'Z',
  });
  try {
    // Open every connection before the clock starts, as the server's warm pool would be.
    await Promise.all(Array.from({ length: options.poolSize }, () => pool.query('SELECT 1')));
    const latencies: number[] = [];
    let next = 0;
    let errors = 0;
    const until = performance.now() + options.seconds * 1000;
    const loop = async () => {
      while (performance.now() < until) {
        const row = rows[next++ % rows.length] as unknown[];
        const at = new Date();
        const started = performance.now();
        try {
          await pool.query(UPSERT, [...row, at, at, 'bench']);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: options.concurrency }, loop));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      rps: latencies.length / elapsed,
      requests: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      errors,
      non2xx: 0,
      sentByThread: [next],
    };
  } finally {
    await pool.end();
  }
}
