import express, { type Request, type Response } from 'express';
import { HttpProblem } from './http-problem.js';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a request body as JSON of any type, up to `limitBytes`. Refuses a Content-Type other
 * than application/json (any parameters; body-parser refuses charsets other than UTF-8).
 * body-parser stops keeping bytes at the limit and discards the rest of an oversized body.
 */
export function jsonBodyReader(limitBytes: number) {
  const parse = express.json({ limit: limitBytes, strict: false, type: () => true });

  return (req: Request, res: Response): Promise<unknown> => {
    const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      throw new HttpProblem(
        'unsupported_media_type',
        'send the body as JSON with the header Content-Type: application/json',
      );
    }

    if (isPlainUtf8(req)) return readPlainJson(req, limitBytes);

    return new Promise((resolve, reject) => {
      parse(req, res, (error?: unknown) => {
        if (error) reject(translate(error, limitBytes));
        else resolve(req.body);
      });
    });
  };
}

/** Neither compressed nor in a charset other than UTF-8: the common case, read directly. */
function isPlainUtf8(req: Request): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

/**
 * The register path's reader: the same answers as body-parser for uncompressed UTF-8 bodies
 * (an empty body is `{}`, over the limit is 413 and the rest is discarded unkept, bad JSON is
 * 400), without its layers; body-parser still reads everything else.
 */
function readPlainJson(req: Request, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new HttpProblem('payload_too_large', `the body must be at most ${limitBytes} bytes`);
    if (Number(req.headers['content-length']) > limitBytes) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (problem: HttpProblem) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(problem);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limitBytes) fail(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks, size).toString('utf8');
      try {
        resolve(text.length === 0 ? {} : JSON.parse(text));
      } catch {
        reject(new HttpProblem('malformed_json', 'the body is not valid JSON'));
      }
    });
    const unreadable = () =>
      fail(
        new HttpProblem(
          'unreadable_body',
          'the body could not be read in full; check that Content-Length matches it',
        ),
      );
    req.on('error', unreadable);
    req.on('aborted', unreadable);
  });
}

/** Turns body-parser's errors into problems; their messages may quote the body, so drop them. */
function translate(error: unknown, limitBytes: number): unknown {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new HttpProblem('payload_too_large', `the body must be at most ${limitBytes} bytes`);
    case 'entity.parse.failed':
      return new HttpProblem('malformed_json', 'the body is not valid JSON');
    case 'charset.unsupported':
      return new HttpProblem('unsupported_media_type', 'the body must be encoded as UTF-8');
    case 'encoding.unsupported':
      return new HttpProblem(
        'unsupported_media_type',
        'Content-Encoding must be identity, gzip, deflate or br',
      );
  }
  const status = (error as { status?: unknown }).status;
  if (status === 400) {
    return new HttpProblem(
      'unreadable_body',
      'the body could not be read in full; check that Content-Length matches it',
    );
  }
  return error;
}
