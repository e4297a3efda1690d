import { describe } from 'node:test';
import { createMysqlStores } from '@pushreg/adapters-mysql';
import { useMysqlTestDatabase } from '@pushreg/adapters-mysql/testing';
import { describeApiKeyStoreContract, describeTokenStoreContract } from '@pushreg/core/testing';
import { apiKeyStoreProbes, rawPool, tokenStoreProbes } from './support/raw-sql.js';

const database = await useMysqlTestDatabase();

describe('MySQL stores against the shared contracts', { skip: database.skip }, () => {
  describeTokenStoreContract('MysqlTokenStore', async () => {
    const stores = createMysqlStores({ url: database.url });
    const raw = rawPool(database.url);
    return {
      store: stores.tokens,
      probes: tokenStoreProbes(raw),
      close: async () => {
        await stores.close();
        await raw.end();
      },
    };
  });

  describeApiKeyStoreContract('MysqlApiKeyStore', async () => {
    const stores = createMysqlStores({ url: database.url });
    const raw = rawPool(database.url);
    return {
      store: stores.apiKeys,
      probes: apiKeyStoreProbes(raw),
      close: async () => {
        await stores.close();
        await raw.end();
      },
    };
  });
});
