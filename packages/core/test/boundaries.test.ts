import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const src = new URL('../src', import.meta.url).pathname;
const forbidden = [
  /^express$/,
  /^drizzle-orm(\/|$)/,
  /^mysql2(\/|$)/,
  /^prom-client$/,
  /^tsyringe$/,
  /^valibot$/,
  /^better-sqlite3$/,
  /^(node:)?crypto$/,
  /^pino$/,
  /^(node:)?(fs|net|http|https|child_process)(\/|$)/,
  /^@pushreg\/(?!core)/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function importsOf(code: string): string[] {
  const found = [];
  for (const m of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  for (const m of code.matchAll(/require\s*\(\s*['"]([^'"]+)['"]/g)) found.push(m[1]);
  return found.filter((s): s is string => s !== undefined);
}

test('no file of the core imports a framework, a driver or node I/O', () => {
  const files = sources(src).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 10, 'the scan found the core sources');
  const offences = files.flatMap((file) =>
    importsOf(readFileSync(file, 'utf8'))
      .filter((spec) => forbidden.some((rule) => rule.test(spec)))
      .map((spec) => `${file.slice(src.length)} imports ${spec}`),
  );
  assert.deepEqual(offences, []);
});

test('the import scan recognises the forms it must catch', () => {
  const sample = `import x from 'express';\nimport { a } from "node:crypto";\nconst m = await import('mysql2/promise');\nexport * from './local.js';`;
  const caught = importsOf(sample).filter((spec) => forbidden.some((rule) => rule.test(spec)));
  assert.deepEqual(caught, ['express', 'node:crypto', 'mysql2/promise']);
});
