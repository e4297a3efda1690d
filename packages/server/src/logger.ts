import pino from 'pino';
import type { LogLevel } from './config.js';

export type Logger = pino.Logger;

/**
 * Paths pino censors wherever they appear. The HTTP layer never logs bodies or headers; this is
 * a second line of defence should a future log call pass one along.
 */
const REDACT = [
  'token',
  'apiKey',
  'key',
  'secret',
  'password',
  'encryptionKeys',
  'lookupKey',
  '*.token',
  '*.apiKey',
  '*.key',
  '*.password',
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'headers["x-api-key"]',
  'body',
  '*.body',
];

export function createLogger(
  level: LogLevel,
  destination: pino.DestinationStream = pino.destination({ fd: 1, sync: false }),
): Logger {
  return pino(
    { level, base: { service: 'pushreg' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination,
  );
}
