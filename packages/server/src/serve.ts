import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PromMetrics } from '@pushreg/adapters-prometheus';
import type { Config } from './config.js';
import { buildContainer, T } from './container.js';
import type { Logger } from './logger.js';
import { openStores } from './stores.js';

export interface RunningServer {
  readonly apiPort: number;
  readonly metricsPort: number;
  /** Stops accepting, lets in-flight requests finish, then closes the store. */
  close(): Promise<void>;
}

/** How long shutdown waits for in-flight requests before cutting connections. */
const DRAIN_MS = 10_000;

/** Opens the store, migrates it unless told not to, and starts both listeners. */
export async function serve(config: Config, logger: Logger): Promise<RunningServer> {
  const stores = openStores(config);
  try {
    if (config.migrateOnStart) await stores.migrate();
    const c = buildContainer(config, logger, stores);
    const app = c.resolve<RequestListener>(T.httpApp);
    const metrics = c.resolve<PromMetrics>(T.metrics);

    const api = await listen(apiServer(app), config.port, config.host);
    const scrape = await listen(
      metricsServer(metrics, logger),
      config.metricsPort,
      config.metricsHost,
    );
    const apiPort = (api.address() as AddressInfo).port;
    const metricsPort = (scrape.address() as AddressInfo).port;
    logger.info(
      { apiPort, metricsPort, host: config.host, store: stores.description },
      'pushreg is listening',
    );

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        logger.info('shutting down: no new connections, finishing requests in flight');
        await Promise.all([drain(api), drain(scrape)]);
        await stores.close();
        logger.info('shut down cleanly');
      })();
      return closing;
    };
    return { apiPort, metricsPort, close };
  } catch (error) {
    await stores.close().catch(() => {});
    throw error;
  }
}

/**
 * Tighter limits than Node's defaults (5 minutes a request): a client that trickles a body or
 * its headers cannot hold a connection and its buffers for long.
 */
function apiServer(app: RequestListener): Server {
  const server = createServer(app);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

function metricsServer(metrics: PromMetrics, logger: Logger): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found; try GET /metrics\n');
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics could not be rendered');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting; resolves when every connection has finished its request and closed. */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
