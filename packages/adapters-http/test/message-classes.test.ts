import assert from 'node:assert/strict';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import express from 'express';
import { messageClassesFor } from '../src/index.js';

test('a server given the classes builds requests and responses with the app prototypes', async (t) => {
  const app = express();
  app.use((req, res) => {
    res.json({ path: req.path, secure: req.secure, xhr: req.xhr });
  });

  const seen: { request: boolean; response: boolean }[] = [];
  const server = createServer(messageClassesFor(app), (req, res) => {
    // Checked before Express runs, which would set the prototypes itself.
    seen.push({
      request: Object.getPrototypeOf(req) === app.request,
      response: Object.getPrototypeOf(res) === app.response,
    });
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;

  for (const path of ['/one', '/two?x=1']) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { path: path.split('?')[0], secure: false, xhr: false });
  }
  assert.deepEqual(seen, [
    { request: true, response: true },
    { request: true, response: true },
  ]);
});

test('the classes still make Node messages', () => {
  const app = express();
  const { IncomingMessage: Req, ServerResponse: Res } = messageClassesFor(app);

  const req = new Req(null as never);
  assert.ok(req instanceof IncomingMessage);
  assert.equal(Object.getPrototypeOf(req), app.request);
  assert.deepEqual(req.headers, {});

  const res = new Res(req);
  assert.ok(res instanceof ServerResponse);
  assert.equal(Object.getPrototypeOf(res), app.response);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headersSent, false);
});
