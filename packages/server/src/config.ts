import { isAbsolute, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Everything the server reads from its environment, checked once at start-up. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly metricsHost: string;
  readonly metricsPort: number;
  /** A mysql:// URL, or null for the embedded SQLite file under dataDir. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly poolSize: number;
  /** Keyring spec, or null when unset (the embedded default then generates one). */
  readonly encryptionKeys: string | null;
  readonly lookupKey: string | null;
  readonly logLevel: LogLevel;
  readonly migrateOnStart: boolean;
  readonly keyCacheMs: number;
  readonly production: boolean;
}

/** A bad environment: every message names the variable at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration, reporting every bad variable at once. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const port = (name: string, fallback: number) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= 0 && value <= 65535) return value;
    problems.push(`${name} must be a port number from 0 to 65535 (got "${raw}")`);
    return fallback;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (or 1/0, yes/no, on/off; got "${raw}")`);
    return fallback;
  };

  const databaseUrl = read('PUSHREG_DATABASE_URL') ?? null;
  if (databaseUrl !== null && !isMysqlUrl(databaseUrl)) {
    problems.push('PUSHREG_DATABASE_URL must be a mysql://user:password@host:port/database URL');
  }

  const logLevel = (read('PUSHREG_LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`PUSHREG_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const dataDir = read('PUSHREG_DATA_DIR') ?? 'data';

  const config: Config = {
    host: read('PUSHREG_HOST') ?? '0.0.0.0',
    port: port('PUSHREG_PORT', 8100),
    metricsHost: read('PUSHREG_METRICS_HOST') ?? '0.0.0.0',
    metricsPort: port('PUSHREG_METRICS_PORT', 9000),
    databaseUrl,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    poolSize: integer('PUSHREG_DB_POOL_SIZE', 10, 1, 1000),
    encryptionKeys: read('PUSHREG_ENCRYPTION_KEYS') ?? null,
    lookupKey: read('PUSHREG_LOOKUP_KEY') ?? null,
    logLevel: logLevel as LogLevel,
    migrateOnStart: flag('PUSHREG_MIGRATE_ON_START', true),
    keyCacheMs: integer('PUSHREG_KEY_CACHE_MS', 5000, 0, 60_000),
    production: env.NODE_ENV === 'production',
  };

  if (config.port !== 0 && config.port === config.metricsPort) {
    problems.push(`PUSHREG_PORT and PUSHREG_METRICS_PORT must differ (both are ${config.port})`);
  }
  if ((config.encryptionKeys === null) !== (config.lookupKey === null)) {
    problems.push(
      'PUSHREG_ENCRYPTION_KEYS and PUSHREG_LOOKUP_KEY must be set together (or both left unset)',
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function isMysqlUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'mysql:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The URL with any password replaced, for log lines and messages. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
