import type { HttpFailureCode } from './problems.js';

/**
 * A failure raised by the HTTP edge itself. `detail` goes to the client as is, so it must name
 * the field and the rule, never echo what was sent.
 */
export class HttpProblem extends Error {
  constructor(
    readonly code: HttpFailureCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}
