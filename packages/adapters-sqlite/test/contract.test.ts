import { join } from 'node:path';
import { describeApiKeyStoreContract, describeTokenStoreContract } from '@pushreg/core/testing';
import { openSqliteStores } from '../src/index.js';
import { apiKeyProbes, rawConnection, tempFolder, tokenProbes } from './helpers.js';

const folder = tempFolder();

describeTokenStoreContract('SQLite', async () => {
  const stores = openSqliteStores({ file: join(folder, 'tokens.db') });
  const raw = rawConnection(stores.file);
  return {
    store: stores.tokens,
    probes: tokenProbes(raw),
    close: async () => {
      raw.close();
      await stores.close();
    },
  };
});

describeApiKeyStoreContract('SQLite', async () => {
  const stores = openSqliteStores({ file: join(folder, 'keys.db') });
  const raw = rawConnection(stores.file);
  return {
    store: stores.apiKeys,
    probes: apiKeyProbes(raw),
    close: async () => {
      raw.close();
      await stores.close();
    },
  };
});
