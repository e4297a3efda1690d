import {
  describeApiKeyStoreContract,
  describeTokenStoreContract,
  InMemoryApiKeyStore,
  InMemoryTokenStore,
} from '@pushreg/core/testing';

describeTokenStoreContract('in-memory', async () => {
  const store = new InMemoryTokenStore();
  return {
    store,
    probes: {
      readRegistration: async (digest) => store.findByDigest(digest),
      countRegistrationRows: async (digest) => ((await store.findByDigest(digest)) ? 1 : 0),
      readTopicRows: async (digest) => [...((await store.findByDigest(digest))?.topics ?? [])],
    },
    close: async () => {},
  };
});

describeApiKeyStoreContract('in-memory', async () => {
  const store = new InMemoryApiKeyStore();
  return {
    store,
    probes: {
      readApiKey: async (id) => store.rows.find((row) => row.id === id) ?? null,
      countApiKeyRows: async () => store.rows.length,
    },
    close: async () => {},
  };
});
