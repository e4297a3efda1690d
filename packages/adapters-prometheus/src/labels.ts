// Label values come from requests, so each is folded into a small fixed set: a client sending
// odd methods or a broken caller passing odd values must not create new series or throw.
const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);

/** Returns the upper-case HTTP method, or OTHER for anything not in the standard set. */
export function methodLabel(method: unknown): string {
  if (typeof method !== 'string') return 'OTHER';
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}

/** Returns the status code as text, or OTHER when it is not a three-digit HTTP status. */
export function statusLabel(status: unknown): string {
  return Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599
    ? String(status)
    : 'OTHER';
}

/** Returns the route template as given, or OTHER when a caller passed no string. */
export function routeLabel(route: unknown): string {
  return typeof route === 'string' && route !== '' ? route : 'OTHER';
}
