import type { TokenStore } from '../ports/token-store.port.js';

export type Health = 'ok' | 'unavailable';

/** Reports whether the store answers; never throws. */
export function makeCheckHealth(deps: { readonly store: TokenStore }): () => Promise<Health> {
  return async () => {
    try {
      await deps.store.ping();
      return 'ok';
    } catch {
      return 'unavailable';
    }
  };
}
