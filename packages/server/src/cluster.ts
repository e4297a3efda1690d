import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { ClusterMetrics } from '@pushreg/adapters-prometheus';
import type { Config } from './config.js';
import { metricsListener } from './listeners.js';
import type { Logger } from './logger.js';
import { resolveSecrets } from './secrets.js';
import { listenForMetrics } from './serve.js';
import { migrateStores, openStores } from './stores.js';

/**
 * The primary of a multi-process server: one Node thread saturates long before MariaDB does,
 * so PUSHREG_WORKERS processes share the API port. The primary migrates and settles the
 * secrets once (so workers never race to generate them), serves the merged metrics, restarts
 * a worker that dies, and on SIGTERM or SIGINT waits for every worker to drain.
 */
export async function runPrimary(config: Config, logger: Logger): Promise<number> {
  const stores = openStores(config);
  try {
    if (config.migrateOnStart) await migrateStores(stores, config);
  } finally {
    await stores.close();
  }
  resolveSecrets(config, logger);

  const scrape = metricsListener(new ClusterMetrics(), logger);
  await listenForMetrics(scrape, config);

  let stopping = false;
  const fork = () => cluster.fork({ PUSHREG_MIGRATE_ON_START: 'false' });
  const started = Array.from({ length: config.workers }, fork);
  let apiPort: number;
  try {
    apiPort = await allListening(started);
  } catch (error) {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    await scrape.drain();
    throw error;
  }

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    fork();
  });
  const metricsPort = (scrape.server.address() as { port: number }).port;
  logger.info(
    { apiPort, metricsPort, host: config.host, workers: config.workers, store: 'mysql' },
    'pushreg is listening',
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'signal received; draining every worker');
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });

  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
  const exits = workers.map((w) => once(w, 'exit') as Promise<[number | null, string | null]>);
  for (const worker of workers) worker.process.kill('SIGTERM');
  const codes = await Promise.all(exits);
  await scrape.drain();
  const clean = codes.every(([code]) => code === 0);
  logger.info({ clean }, clean ? 'shut down cleanly' : 'a worker did not shut down cleanly');
  return clean ? 0 : 1;
}

/** Resolves with the API port once every worker listens; rejects if one exits first. */
function allListening(workers: Worker[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let waiting = workers.length;
    for (const worker of workers) {
      worker.once('listening', (address) => {
        waiting--;
        if (waiting === 0) resolve(address.port);
      });
      worker.once('exit', (code) => reject(new Error(`a worker exited with ${code} on start-up`)));
    }
  });
}
