import { parseArgs } from 'node:util';
import { generateSecrets } from '@pushreg/adapters-crypto';
import { type ApiKeyAdmin, isPushregError } from '@pushreg/core';
import { type Config, ConfigError, loadConfig } from './config.js';
import { buildContainer, T } from './container.js';
import { createLogger, type Logger } from './logger.js';
import { formatSecrets } from './secrets.js';
import { serve } from './serve.js';
import { migrateStores, openStores, type Stores } from './stores.js';

const USAGE = `Usage: pushreg [command]

Commands:
  serve                          start the API (PUSHREG_PORT, 8100) and metrics (9000) listeners
  migrate                        apply pending database migrations
  keys create --name NAME [--scope SCOPE]...
                                 issue an API key; the key alone is printed on the last line
  keys list                      list keys (id, name, prefix, scopes, dates)
  keys revoke ID                 revoke a key; it stops working within the key cache period
  secrets                        print a fresh PUSHREG_ENCRYPTION_KEYS / PUSHREG_LOOKUP_KEY pair

Configuration comes from PUSHREG_* environment variables; see the README.`;

/** Runs one CLI command; resolves to the process exit code. */
export async function runCli(argv: readonly string[], env = process.env): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'secrets') {
    process.stdout.write(formatSecrets(generateSecrets()));
    return 0;
  }

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    return fail(error);
  }
  const logger = createLogger(config.logLevel);

  try {
    switch (command) {
      case 'serve':
        return await runServe(config, logger);
      case 'migrate':
        return await withStores(config, async (stores) => {
          await migrateStores(stores, config);
          process.stdout.write(`migrations applied to ${stores.description}\n`);
        });
      case 'keys':
        return await runKeys(rest, config, logger);
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    logger.flush();
    return fail(error);
  }
}

async function runServe(config: Config, logger: Logger): Promise<number> {
  const server = await serve(config, logger);
  const code = await new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'signal received');
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  logger.flush();
  // Sockets to a hung database may outlive the shutdown; they must not keep the process up.
  setTimeout(() => process.exit(), 1_000).unref();
  return code;
}

async function runKeys(args: readonly string[], config: Config, logger: Logger): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseKeyArgs(rest);

  return withStores(config, async (stores) => {
    await migrateStores(stores, config);
    const admin = buildContainer(config, logger, stores).resolve<ApiKeyAdmin>(T.apiKeyAdmin);
    switch (action) {
      case 'create': {
        if (!values.name) throw new UsageError('keys create needs --name NAME');
        const { record, key } = await admin.create(values.name, values.scope ?? []);
        process.stdout.write(
          `created API key ${record.id} "${record.name}" with scopes ${record.scopes.join(',')}\n` +
            'store it now: it is shown only this once\n' +
            `${key}\n`,
        );
        return;
      }
      case 'list': {
        for (const k of await admin.list()) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
          process.stdout.write(
            `${k.id}\t${k.name}\t${k.prefix}…\t${k.scopes.join(',')}\t` +
              `created ${k.createdAt.toISOString()}\t${state}\tlast used ${used}\n`,
          );
        }
        return;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id) throw new UsageError('keys revoke needs the key id (see keys list)');
        await admin.revoke(id);
        process.stdout.write(
          `revoked ${id}; servers stop accepting it within ${config.keyCacheMs / 1000} s\n`,
        );
        return;
      }
      default:
        throw new UsageError('keys needs one of: create, list, revoke');
    }
  });
}

async function withStores(config: Config, work: (stores: Stores) => Promise<void>) {
  const stores = openStores(config);
  try {
    await work(stores);
    return 0;
  } finally {
    await stores.close();
  }
}

class UsageError extends Error {}

function parseKeyArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function fail(error: unknown): number {
  if (error instanceof ConfigError || error instanceof UsageError || isPushregError(error)) {
    process.stderr.write(`pushreg: ${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  process.stderr.write(`pushreg: ${error instanceof Error ? error.stack : String(error)}\n`);
  return 1;
}
