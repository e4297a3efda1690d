import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MIGRATIONS_FOLDER } from '../src/index.js';
import { tempFolder } from './helpers.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
// drizzle-kit exports no subpath for its CLI, so run the bin its package.json names.
const drizzleKit = join(packageRoot, 'node_modules', 'drizzle-kit', 'bin.cjs');

test('the committed migrations match src/schema.ts: drizzle-kit has nothing to add', async () => {
  const out = join(tempFolder(), 'drizzle');
  cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
  const committed = readdirSync(out).sort();

  // drizzle-kit takes --out relative to the working folder, so name the copy that way.
  const args = ['generate', '--dialect', 'sqlite', '--schema', './src/schema.ts'];
  await promisify(execFile)(
    process.execPath,
    [drizzleKit, ...args, '--out', relative(packageRoot, out)],
    { cwd: packageRoot },
  );

  assert.deepEqual(readdirSync(out).sort(), committed, 'run `pnpm generate` and commit the result');
});
