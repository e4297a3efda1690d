import { ValidationError } from './failure.js';

export const SCOPES = ['tokens:write', 'tokens:read'] as const;

/** `tokens:write` registers and unregisters; `tokens:read` lists tokens for a sender. */
export type Scope = (typeof SCOPES)[number];

export const DEFAULT_SCOPES: readonly Scope[] = ['tokens:write'];

export const isScope = (value: string): value is Scope =>
  (SCOPES as readonly string[]).includes(value);

/** A stored API key. The key itself is never stored: only its digest and a display prefix. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly digest: Uint8Array;
  /** The first characters of the key, enough to recognise it in a list. */
  readonly prefix: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/** Who is calling, once an API key checked out. */
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
}

const NAME = /^[\x21-\x7e](?:[\x20-\x7e]{0,62}[\x21-\x7e])?$/;

/** A key name is 1–64 printable ASCII characters with no surrounding space. */
export function checkApiKeyName(raw: string): string {
  if (!NAME.test(raw)) {
    throw new ValidationError(
      'invalid_api_key_name',
      'a key name must be 1 to 64 printable ASCII characters, without surrounding spaces',
    );
  }
  return raw;
}

export function parseScopes(raw: readonly string[]): Scope[] {
  const scopes = [...new Set(raw)];
  for (const scope of scopes) {
    if (!isScope(scope)) {
      throw new ValidationError(
        'invalid_scope',
        `unknown scope "${scope}"; scopes are ${SCOPES.join(', ')}`,
      );
    }
  }
  return scopes as Scope[];
}
