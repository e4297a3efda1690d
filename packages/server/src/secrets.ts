import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecrets } from '@pushreg/adapters-crypto';
import { type Config, ConfigError } from './config.js';
import type { Logger } from './logger.js';

export interface Secrets {
  readonly encryptionKeys: string;
  readonly lookupKey: string;
  /** Where they came from, for messages: 'the environment' or the secrets file's path. */
  readonly source: string;
}

export const SECRETS_FILE = 'secrets.env';

/**
 * Secrets come from the environment. Outside production, when none are set, they are generated
 * once into the data folder (mode 0600) and read back on every later start, so tokens sealed
 * yesterday still open today. Production refuses to guess.
 */
export function resolveSecrets(config: Config, logger: Logger): Secrets {
  if (config.encryptionKeys !== null && config.lookupKey !== null) {
    return {
      encryptionKeys: config.encryptionKeys,
      lookupKey: config.lookupKey,
      source: 'the environment',
    };
  }
  if (config.production) {
    throw new ConfigError([
      'NODE_ENV=production requires PUSHREG_ENCRYPTION_KEYS and PUSHREG_LOOKUP_KEY ' +
        '(print a fresh pair with `pnpm pushreg secrets`)',
    ]);
  }

  const path = join(config.dataDir, SECRETS_FILE);
  const existing = inDataDir(path, () => readSecretsFile(path));
  if (existing) {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) {
      logger.warn({ path, mode: mode.toString(8) }, 'secrets file is readable by other users');
    }
    return existing;
  }

  const fresh = { ...generateSecrets(), source: path };
  inDataDir(path, () => {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, formatSecrets(fresh), { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  });
  logger.warn(
    { path },
    'generated encryption and lookup keys because PUSHREG_ENCRYPTION_KEYS and PUSHREG_LOOKUP_KEY ' +
      'are unset; keep this file, or tokens stored under it cannot be opened',
  );
  return fresh;
}

/** `NAME=value` lines, so the file can also be sourced by a shell. */
export function formatSecrets(secrets: Omit<Secrets, 'source'>): string {
  return (
    `PUSHREG_ENCRYPTION_KEYS=${secrets.encryptionKeys}\n` +
    `PUSHREG_LOOKUP_KEY=${secrets.lookupKey}\n`
  );
}

/** Runs file work on the data folder, turning a failure into a message naming the path. */
function inDataDir<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError([`cannot use ${path} (${code}); check PUSHREG_DATA_DIR`]);
  }
}

function readSecretsFile(path: string): Secrets | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const encryptionKeys = values.get('PUSHREG_ENCRYPTION_KEYS');
  const lookupKey = values.get('PUSHREG_LOOKUP_KEY');
  if (!encryptionKeys || !lookupKey) {
    throw new ConfigError([
      `${path} must hold PUSHREG_ENCRYPTION_KEYS and PUSHREG_LOOKUP_KEY lines; ` +
        'restore it from a backup, or set both variables',
    ]);
  }
  return { encryptionKeys, lookupKey, source: path };
}
