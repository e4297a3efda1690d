import { randomInt } from 'node:crypto';
import { HmacTokenHasher, parseLookupKey } from '@pushreg/adapters-crypto';
import mysql from 'mysql2/promise';
import type { BodySet } from './bodies.js';
import type { LoadResult } from './load.js';

/** One register run as the check needs it: what was sent, and what came back. */
export interface SentRun {
  readonly bodies: BodySet;
  readonly result: LoadResult;
  readonly connections: number;
}

export interface StoredCheck {
  /** Distinct tokens handed to the load generator (some may still have been in flight). */
  readonly distinctSent: number;
  /** Requests possibly cut off unanswered when runs ended: one per connection per run. */
  readonly inFlightAtEnds: number;
  readonly rows: number;
  readonly sampled: number;
  readonly sampleFound: number;
  /** Topic rows of the sampled tokens; every body carries two topics. */
  readonly sampleTopicRows: number;
  readonly ok: boolean;
}

/**
 * Reads the database after the register runs. Every distinct token sent must have a row, give
 * or take the requests still in flight when a run stopped, and a random sample of tokens whose
 * 200 had certainly arrived (sent at least a connection-count before the end of its sequence,
 * in a run with no errors) is looked up by its HMAC digest, as the server computes it.
 */
export async function checkStored(
  databaseUrl: string,
  lookupKey: string,
  runs: readonly SentRun[],
  sampleSize = 500,
): Promise<StoredCheck> {
  const distinct = new Set<string>();
  const answered: string[] = [];
  let inFlightAtEnds = 0;
  for (const { bodies, result, connections } of runs) {
    inFlightAtEnds += connections;
    const perThread = Math.ceil(connections / bodies.sequences.length);
    const clean = result.errors === 0 && result.non2xx === 0;
    bodies.sequences.forEach((sequence, t) => {
      const sent = Math.min(result.sentByThread[t] ?? 0, sequence.length);
      for (let i = 0; i < sent; i++) {
        const item = sequence[i];
        if (!item?.fresh) continue;
        distinct.add(item.token);
        if (clean && i < sent - perThread) answered.push(item.token);
      }
    });
  }

  const sample = Array.from(
    { length: Math.min(sampleSize, answered.length) },
    () => answered.splice(randomInt(answered.length), 1)[0] as string,
  );
  const hasher = new HmacTokenHasher(parseLookupKey(lookupKey));
  const digests = sample.map((token) => hasher.digest(token));

  const connection = await mysql.createConnection({ uri: databaseUrl });
  try {
    const count = async (sql: string, values: unknown[] = []) => {
      const [rows] = await connection.query(sql, values);
      return Number((rows as { n: number }[])[0]?.n ?? 0);
    };
    const rows = await count('SELECT COUNT(*) AS n FROM registrations');
    const inList = digests.length > 0 ? digests : [Buffer.alloc(32)];
    const sampleFound = await count('SELECT COUNT(*) AS n FROM registrations WHERE digest IN (?)', [
      inList,
    ]);
    const sampleTopicRows = await count(
      'SELECT COUNT(*) AS n FROM registration_topics WHERE digest IN (?)',
      [inList],
    );
    const ok =
      sampleFound === sample.length &&
      sampleTopicRows === 2 * sample.length &&
      rows <= distinct.size &&
      rows >= distinct.size - inFlightAtEnds;
    return {
      distinctSent: distinct.size,
      inFlightAtEnds,
      rows,
      sampled: sample.length,
      sampleFound,
      sampleTopicRows,
      ok,
    };
  } finally {
    await connection.end();
  }
}
