#!/usr/bin/env node
// Runs every packages/*/test/**/*.test.ts file under node:test with tsx. Node 20's test runner
// does not expand globs, so the files are listed here. Extra arguments are passed to node --test
// (for example a file path to run just that file).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const explicit = args.filter((a) => a.endsWith('.ts'));
const flags = args.filter((a) => !a.endsWith('.ts'));
const files =
  explicit.length > 0
    ? explicit
    : readdirSync(join(root, 'packages'))
        .map((pkg) => join(root, 'packages', pkg, 'test'))
        .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory())
        .flatMap(findTests)
        .sort();

const child = spawn(
  process.execPath,
  ['--conditions=@pushreg/source', '--import', 'tsx', '--test', ...flags, ...files],
  { stdio: 'inherit', cwd: root },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
