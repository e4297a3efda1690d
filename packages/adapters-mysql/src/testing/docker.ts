import { request } from 'node:http';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Where the Docker engine would listen, from DOCKER_HOST; only local endpoints are tried. */
function dockerEndpoint(): { socketPath: string } | { host: string; port: number } | null {
  const configured = process.env.DOCKER_HOST;
  if (!configured) return { socketPath: '/var/run/docker.sock' };
  if (configured.startsWith('unix://')) return { socketPath: configured.slice('unix://'.length) };
  try {
    const url = new URL(configured);
    if (url.protocol === 'tcp:' && LOOPBACK_HOSTS.has(url.hostname)) {
      return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375) };
    }
  } catch {}
  return null;
}

/** Whether a Docker engine answers its ping within the time limit; the client alone is not enough. */
export function dockerEngineAnswers(timeoutMs = 1000): Promise<boolean> {
  const endpoint = dockerEndpoint();
  if (!endpoint) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request(
      { ...endpoint, path: '/_ping', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Starts mariadb:10.11 through testcontainers; its reaper removes it if we die first. */
export async function startMariadbContainer(): Promise<{ url: string; stop(): Promise<void> }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer('mariadb:10.11')
    .withEnvironment({ MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: '1' })
    .withExposedPorts(3306)
    // The image's entrypoint runs a temporary server before the real one: wait for the second.
    .withWaitStrategy(Wait.forLogMessage(/ready for connections/, 2))
    .start();
  return {
    url: `mysql://root@${container.getHost()}:${container.getMappedPort(3306)}/`,
    stop: async () => {
      await container.stop();
    },
  };
}
