import { makeApiKeyAdmin, makeAuthenticate, type Principal } from '@pushreg/core';
import {
  FakeApiKeys,
  FakeTokenCipher,
  FakeTokenHasher,
  InMemoryApiKeyStore,
  InMemoryTokenStore,
  ManualClock,
  RecordingMetrics,
} from '@pushreg/core/testing';

/** The core wired over in-memory adapters and doubles, as a test sees it. */
export function inMemoryCore() {
  const store = new InMemoryTokenStore();
  const keys = new InMemoryApiKeyStore();
  const apiKeys = new FakeApiKeys();
  const clock = new ManualClock();
  const deps = {
    store,
    cipher: new FakeTokenCipher(),
    hasher: new FakeTokenHasher(),
    metrics: new RecordingMetrics(),
    clock,
  };
  const admin = makeApiKeyAdmin({ keys, generator: apiKeys, verifier: apiKeys, clock });
  const authenticate = makeAuthenticate({ keys, verifier: apiKeys, clock });
  return { ...deps, keys, apiKeys, admin, authenticate };
}

export const writer: Principal = { id: 'key-1', name: 'app', scopes: ['tokens:write'] };
export const reader: Principal = { id: 'key-2', name: 'sender', scopes: ['tokens:read'] };
