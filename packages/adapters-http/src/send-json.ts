import type { Response } from 'express';

/** A JSON body encoded once, for answers that never change. */
export interface FixedJson {
  readonly bytes: Buffer;
}

export const fixedJson = (value: unknown): FixedJson => ({
  bytes: Buffer.from(JSON.stringify(value)),
});

/**
 * Writes a fixed JSON answer straight to Node's response. Express's res.json re-derives the
 * content type and length on every call; on the register path that was a fifth of the time.
 */
export function sendFixedJson(res: Response, status: number, body: FixedJson): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.bytes.length);
  res.end(body.bytes);
}
