import { isPushregError } from '@pushreg/core';
import type { ErrorRequestHandler, Response } from 'express';
import { contextOf } from './context.js';
import { HttpProblem } from './http-problem.js';
import { PROBLEMS, type ProblemCode, problemType } from './problems.js';

interface Answer {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const INTERNAL: Answer = {
  code: 'internal_error',
  detail: 'the server could not handle this request; quote its request_id when reporting it',
};

// The store's own message may name hosts or queries, so the client gets fixed words.
const STORE_DOWN_DETAIL = 'the token store is unavailable; retry after the Retry-After delay';

/** Maps a failure to its answer; the core's messages are written for clients and safe to show. */
function answerFor(error: unknown): Answer {
  if (error instanceof HttpProblem) return error;
  if (isPushregError(error) && PROBLEMS[error.code]) {
    const detail = error.code === 'store_unavailable' ? STORE_DOWN_DETAIL : error.message;
    return { code: error.code, detail };
  }
  return INTERNAL;
}

/** Answers every failure as RFC 9457 problem details; anything not in the table is a 500. */
export const problemHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const answer = answerFor(error);
  const kind = PROBLEMS[answer.code] ?? { status: 500, title: 'Internal server error' };
  const context = contextOf(res);
  context.code = answer.code;
  if (kind.status >= 500) context.cause = error;

  res.set({ ...kind.headers, ...answer.headers });
  sendProblem(res, kind.status, {
    type: problemType(answer.code),
    title: kind.title,
    status: kind.status,
    detail: answer.detail,
    code: answer.code,
    request_id: context.requestId,
  });
};

function sendProblem(res: Response, status: number, body: object): void {
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
