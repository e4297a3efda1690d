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

    return new Promise((resolve, reject) => {
      parse(req, res, (error?: unknown) => {
        if (error) reject(translate(error, limitBytes));
        else resolve(req.body);
      });
    });
  };
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
