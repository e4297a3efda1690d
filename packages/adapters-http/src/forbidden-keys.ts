const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Returns the first key anywhere in a parsed JSON value that could reach an object's prototype
 * if some later code merged it, or null. Walks with its own stack rather than recursion, since
 * a body may nest as deep as its size allows.
 */
export function findForbiddenKey(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      // A loop, not push(...next): spreading a huge array overflows the argument limit.
      for (const item of next) pending.push(item);
      continue;
    }
    for (const key of Object.keys(next)) {
      if (FORBIDDEN.has(key)) return key;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return null;
}
