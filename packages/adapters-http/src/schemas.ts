import * as v from 'valibot';
import { findForbiddenKey } from './forbidden-keys.js';
import { HttpProblem } from './http-problem.js';

// Schemas check shape only; content rules (formats, lengths, charsets) belong to the core.
// Each message completes "<field> must be …" and never quotes the value received.

const text = (what: string) => v.string(what);
const optionalText = () => v.optional(v.nullable(v.string('a string or null')));

export const RegisterBody = v.object(
  {
    token: text('a string'),
    platform: text('a string'),
    app_ver: optionalText(),
    locale: optionalText(),
    topics: v.optional(v.nullable(v.array(v.string('a string'), 'an array of strings or null'))),
  },
  'a JSON object',
);

export const UnregisterBody = v.object(
  {
    token: text('a string'),
    platform: text('a string'),
    app_ver: optionalText(),
  },
  'a JSON object',
);

/** Checks a parsed body against a schema; throws an `invalid_body` problem naming each field. */
export function parseBody<S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  // valibot's object() accepts arrays, and a missing body arrives as undefined.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpProblem('invalid_body', 'the body must be a JSON object');
  }

  const forbidden = findForbiddenKey(body);
  if (forbidden !== null) {
    throw new HttpProblem('invalid_body', `the body must not contain the key "${forbidden}"`);
  }

  const result = v.safeParse(schema, body);
  if (!result.success) {
    throw new HttpProblem('invalid_body', result.issues.map(describeIssue).join('; '));
  }
  return result.output;
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const field = fieldName(issue.path ?? []);
  if (field === '') return `the body must be ${issue.message}`;
  // An object schema reports a missing required key with its own message, on the key's path.
  if (issue.type === 'object' && issue.input === undefined) return `${field} is required`;
  return `${field} must be ${issue.message}`;
}

function fieldName(path: readonly v.IssuePathItem[]): string {
  return path
    .map((item, i) => {
      if (typeof item.key === 'number') return `[${item.key}]`;
      return i === 0 ? String(item.key) : `.${String(item.key)}`;
    })
    .join('');
}
