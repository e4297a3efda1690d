import 'reflect-metadata';
import {
  AesGcmTokenCipher,
  HmacTokenHasher,
  parseKeyring,
  parseLookupKey,
  RandomApiKeys,
} from '@pushreg/adapters-crypto';
import { createHttpApp } from '@pushreg/adapters-http';
import { PromMetrics } from '@pushreg/adapters-prometheus';
import {
  type Clock,
  makeApiKeyAdmin,
  makeAuthenticate,
  makeCheckHealth,
  makeRegisterToken,
  makeUnregisterToken,
  systemClock,
} from '@pushreg/core';
import { type DependencyContainer, instanceCachingFactory, container as root } from 'tsyringe';
import { type Config, ConfigError } from './config.js';
import type { Logger } from './logger.js';
import { resolveSecrets, type Secrets } from './secrets.js';
import type { Stores } from './stores.js';

/**
 * Explicit injection tokens: tsx (esbuild) emits no decorator metadata, so type-based
 * constructor injection cannot work. Everything is registered as a value or a factory.
 */
export const T = {
  config: Symbol('Config'),
  logger: Symbol('Logger'),
  stores: Symbol('Stores'),
  clock: Symbol('Clock'),
  secrets: Symbol('Secrets'),
  cipher: Symbol('TokenCipher'),
  hasher: Symbol('TokenHasher'),
  apiKeys: Symbol('ApiKeys'),
  metrics: Symbol('Metrics'),
  registerToken: Symbol('RegisterToken'),
  unregisterToken: Symbol('UnregisterToken'),
  checkHealth: Symbol('CheckHealth'),
  authenticate: Symbol('Authenticate'),
  apiKeyAdmin: Symbol('ApiKeyAdmin'),
  httpApp: Symbol('HttpApp'),
} as const;

type Factory<V> = (c: DependencyContainer) => V;

/** Parses one secret, naming the variable and where it came from when it is malformed. */
function fromSecret<V>(secrets: Secrets, variable: string, parse: () => V): V {
  try {
    return parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`${variable} from ${secrets.source}: ${reason}`]);
  }
}

/** Wires the server. Factories run on first resolve, so `keys list` never touches secrets. */
export function buildContainer(config: Config, logger: Logger, stores: Stores) {
  const c = root.createChildContainer();
  const once = <V>(token: symbol, factory: Factory<V>) =>
    c.register(token, { useFactory: instanceCachingFactory(factory) });

  c.register(T.config, { useValue: config });
  c.register(T.logger, { useValue: logger });
  c.register(T.stores, { useValue: stores });
  c.register(T.clock, { useValue: systemClock });

  once(T.secrets, () => resolveSecrets(config, logger));
  once(T.cipher, (r) => {
    const secrets = r.resolve<Secrets>(T.secrets);
    const keyring = fromSecret(secrets, 'PUSHREG_ENCRYPTION_KEYS', () =>
      parseKeyring(secrets.encryptionKeys),
    );
    return new AesGcmTokenCipher(keyring);
  });
  once(T.hasher, (r) => {
    const secrets = r.resolve<Secrets>(T.secrets);
    const key = fromSecret(secrets, 'PUSHREG_LOOKUP_KEY', () => parseLookupKey(secrets.lookupKey));
    return new HmacTokenHasher(key);
  });
  once(T.apiKeys, () => new RandomApiKeys());
  once(T.metrics, () => new PromMetrics({ poolStats: stores.poolStats }));

  const tokenDeps = (r: DependencyContainer) => ({
    store: stores.tokens,
    cipher: r.resolve<AesGcmTokenCipher>(T.cipher),
    hasher: r.resolve<HmacTokenHasher>(T.hasher),
    metrics: r.resolve<PromMetrics>(T.metrics),
    clock: r.resolve<Clock>(T.clock),
  });
  once(T.registerToken, (r) => makeRegisterToken(tokenDeps(r)));
  once(T.unregisterToken, (r) => makeUnregisterToken(tokenDeps(r)));
  once(T.checkHealth, () => makeCheckHealth({ store: stores.tokens }));
  once(T.authenticate, (r) =>
    makeAuthenticate({
      keys: stores.apiKeys,
      verifier: r.resolve<RandomApiKeys>(T.apiKeys),
      clock: r.resolve<Clock>(T.clock),
      cacheTtlMs: config.keyCacheMs,
    }),
  );
  once(T.apiKeyAdmin, (r) => {
    const apiKeys = r.resolve<RandomApiKeys>(T.apiKeys);
    return makeApiKeyAdmin({
      keys: stores.apiKeys,
      generator: apiKeys,
      verifier: apiKeys,
      clock: r.resolve<Clock>(T.clock),
    });
  });
  once(T.httpApp, (r) =>
    createHttpApp({
      registerToken: r.resolve(T.registerToken),
      unregisterToken: r.resolve(T.unregisterToken),
      checkHealth: r.resolve(T.checkHealth),
      authenticate: r.resolve(T.authenticate),
      metrics: r.resolve<PromMetrics>(T.metrics),
      logger: logger.child({ component: 'http' }),
    }),
  );
  return c;
}
