import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import {
  makeApiKeyAdmin,
  makeAuthenticate,
  makeCheckHealth,
  makeRegisterToken,
  makeUnregisterToken,
  type RegisterToken,
  type RequestObservation,
} from '@pushreg/core';
import {
  FakeApiKeys,
  FakeTokenCipher,
  FakeTokenHasher,
  InMemoryApiKeyStore,
  InMemoryTokenStore,
  ManualClock,
  RecordingMetrics,
} from '@pushreg/core/testing';
import { createHttpApp, type HttpLogger, messageClassesFor } from '../src/index.js';

/** Recording metrics that can be awaited: the server reports a request after its response. */
export class AwaitableMetrics extends RecordingMetrics {
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  override request(observation: RequestObservation): void {
    super.request(observation);
    this.waiters = this.waiters.filter((w) => {
      if (this.requests.length < w.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves once at least `count` requests have been reported. */
  requestsReported(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

export interface LogLine {
  readonly level: 'info' | 'error';
  readonly obj: Record<string, unknown>;
  readonly msg: string | undefined;
}

export class CapturingLogger implements HttpLogger {
  readonly lines: LogLine[] = [];
  info(obj: object, msg?: string): void {
    this.lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg });
  }
  error(obj: object, msg?: string): void {
    this.lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg });
  }
}

/** Everything a value holds as text, errors included with their stacks and causes. */
export function dump(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Error) return { message: v.message, stack: v.stack, cause: v.cause };
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

export const IOS_TOKEN = 'a1b2c3d4e5f60718'.repeat(4);
export const ANDROID_TOKEN = `dEvIcEfcm:APA91b${'Zq_9-x'.repeat(24)}`;

/** The members of an RFC 9457 body as this API sends them. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly request_id: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parses the body as problem details; call it only on error answers. */
  json(): Problem;
}

export interface AppOptions {
  readonly bodyLimitBytes?: number;
  /** Replaces the real use case, to inject a failure the core would never raise. */
  readonly registerToken?: RegisterToken;
}

/** Starts the real app on a free loopback port over the real core and in-memory adapters. */
export async function startApp(t: TestContext, options: AppOptions = {}) {
  const store = new InMemoryTokenStore();
  const keys = new InMemoryApiKeyStore();
  const apiKeys = new FakeApiKeys();
  const clock = new ManualClock();
  const metrics = new AwaitableMetrics();
  const logger = new CapturingLogger();
  const useCaseDeps = {
    store,
    cipher: new FakeTokenCipher(),
    hasher: new FakeTokenHasher(),
    metrics,
    clock,
  };
  const admin = makeApiKeyAdmin({ keys, generator: apiKeys, verifier: apiKeys, clock });
  const { key, record } = await admin.create('test client');

  const app = createHttpApp({
    registerToken: options.registerToken ?? makeRegisterToken(useCaseDeps),
    unregisterToken: makeUnregisterToken(useCaseDeps),
    checkHealth: makeCheckHealth({ store }),
    authenticate: makeAuthenticate({ keys, verifier: apiKeys, clock }),
    metrics,
    logger,
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
  });
  // Served as the server serves it: messages built with the app's prototypes.
  const server = createServer(messageClassesFor(app), app).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  t.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  let sent = 0;
  /** Sends a request and waits until the server has reported it to metrics and the log. */
  async function send(path: string, init: RequestInit = {}): Promise<Reply> {
    sent += 1;
    const res = await fetch(base + path, init);
    const text = await res.text();
    await metrics.requestsReported(sent);
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }

  /** POSTs a JSON text with the test key unless headers say otherwise. */
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    send(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers },
    });

  /** Sends through node:http, for what fetch will not send: chunked, repeated headers. */
  async function raw(options: RawRequest): Promise<RawResponse> {
    sent += 1;
    const res = await rawRequest(port, options);
    await metrics.requestsReported(sent);
    return res;
  }

  /** Everything the server logged or reported, as text, to search for secrets. */
  const observed = () => dump({ logs: logger.lines, metrics });

  return {
    base,
    port,
    store,
    keys,
    admin,
    key,
    record,
    clock,
    metrics,
    logger,
    send,
    post,
    raw,
    observed,
  };
}

export type App = Awaited<ReturnType<typeof startApp>>;

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | string[]>;
  /** Written in order; without a content-length header the body goes chunked. */
  readonly chunks?: readonly (string | Buffer)[];
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export function rawRequest(port: number, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

export const registerBody = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    token: IOS_TOKEN,
    platform: 'ios',
    app_ver: '1.0.0',
    locale: 'en_UK',
    topics: ['news'],
    ...fields,
  });
