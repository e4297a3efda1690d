import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type HttpApp, messageClassesFor } from '@pushreg/adapters-http';
import type { PromMetrics } from '@pushreg/adapters-prometheus';
import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

/** A listener whose shutdown finishes what is in flight and tells keep-alive clients to leave. */
export interface Listener {
  readonly server: Server;
  drain(): Promise<void>;
}

/** How long shutdown waits for in-flight requests before cutting connections. */
const DRAIN_MS = 10_000;

/**
 * The API listener. Tighter limits than Node's defaults (five minutes a request), checked every
 * second rather than every 30, so a client trickling its headers or body cannot hold a
 * connection long. Requests Node refuses before the app sees them still get problem details.
 * Requests and responses are built with the app's prototypes, which Express would otherwise
 * swap in on every request at a cost.
 */
export function apiListener(app: HttpApp, metrics: PromMetrics): Listener {
  const server = createServer(
    {
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      connectionsCheckingInterval: 1_000,
      ...messageClassesFor(app),
    },
    app,
  );
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A socket can report more than one parse error; it gets one answer and one count.
    if (answered.has(socket)) return;
    answered.add(socket);
    const status = clientErrorStatus(error.code);
    metrics.request({ method: 'OTHER', route: '<unmatched>', status, durationSeconds: 0 });
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({
      type: `urn:pushreg:problem:${status === 400 ? 'malformed_request' : 'request_rejected'}`,
      title: CLIENT_ERROR_TITLES[status],
      status,
      detail: 'the request could not be read as HTTP; check its headers and framing',
    });
    socket.end(
      `HTTP/1.1 ${status} ${CLIENT_ERROR_TITLES[status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return withDrain(server);
}

const CLIENT_ERROR_TITLES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

function clientErrorStatus(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** The metrics listener: `GET /metrics` and nothing else. */
export function metricsListener(metrics: PromMetrics, logger: Logger): Listener {
  const server = createServer((req, res) => {
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
  return withDrain(server);
}

/** Listens, turning a failure into a message that names the variables to change. */
export function listen(listener: Listener, port: number, host: string, variables: string) {
  return new Promise<void>((resolve, reject) => {
    const { server } = listener;
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new ConfigError([`cannot listen on ${host}:${port} (${error.code}); check ${variables}`]),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function withDrain(server: Server): Listener {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.on('request', (_req, res: ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  const drain = () =>
    new Promise<void>((resolve) => {
      draining = true;
      // Responses still to be written say Connection: close, so keep-alive clients reconnect
      // elsewhere instead of reusing a socket that is about to go.
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      if (!server.listening) return resolve();
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  return { server, drain };
}
