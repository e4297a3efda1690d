import type { AddressInfo } from 'node:net';
import type { HttpApp } from '@pushreg/adapters-http';
import type { PromMetrics } from '@pushreg/adapters-prometheus';
import type { Config } from './config.js';
import { buildContainer, T } from './container.js';
import { apiListener, type Listener, listen, metricsListener } from './listeners.js';
import type { Logger } from './logger.js';
import { migrateStores, openStores } from './stores.js';

export interface RunningServer {
  readonly apiPort: number;
  readonly metricsPort: number;
  /**
   * Stops accepting, lets in-flight requests finish, then closes the store. Rejects when the
   * store would not close in time (a hung database), so the caller can exit non-zero.
   */
  close(): Promise<void>;
}

/** How long closing the store may take before shutdown gives up on it. */
const STORE_CLOSE_MS = 3_000;

/** Opens the store, migrates it unless told not to, and starts both listeners. */
export async function serve(config: Config, logger: Logger): Promise<RunningServer> {
  const stores = openStores(config);
  const listeners: Listener[] = [];
  const stop = async () => {
    await Promise.all(listeners.map((l) => l.drain()));
    await withTimeout(stores.close(), STORE_CLOSE_MS, 'the store did not close in time');
  };

  try {
    if (config.migrateOnStart) await migrateStores(stores, config);
    const c = buildContainer(config, logger, stores);
    const app = c.resolve<HttpApp>(T.httpApp);
    const metrics = c.resolve<PromMetrics>(T.metrics);

    const api = apiListener(app, metrics);
    listeners.push(api);
    await listen(api, config.port, config.host, 'PUSHREG_HOST and PUSHREG_PORT');
    const scrape = metricsListener(metrics, logger);
    listeners.push(scrape);
    await listen(
      scrape,
      config.metricsPort,
      config.metricsHost,
      'PUSHREG_METRICS_HOST and PUSHREG_METRICS_PORT',
    );
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  const [apiPort, metricsPort] = listeners.map((l) => (l.server.address() as AddressInfo).port);
  logger.info(
    { apiPort, metricsPort, host: config.host, store: stores.description },
    'pushreg is listening',
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down: no new connections, finishing requests in flight');
      await stop();
      logger.info('shut down cleanly');
    })();
    return closing;
  };
  return { apiPort: apiPort ?? 0, metricsPort: metricsPort ?? 0, close };
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
