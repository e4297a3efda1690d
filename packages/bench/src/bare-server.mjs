// The HTTP ceiling: node:http alone, reading and parsing the same JSON bodies and answering
// what /register-token answers, with nothing behind it. Prints "listening <port>" when ready.
import { createServer } from 'node:http';

const REGISTERED = JSON.stringify({ status: 'registered' });

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let status = 200;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (typeof body?.token !== 'string' || !req.headers['x-api-key']) status = 422;
    } catch {
      status = 400;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(status === 200 ? REGISTERED : '{}');
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
