import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const START = '<!-- analysis:start -->';
const END = '<!-- analysis:end -->';

/**
 * Writes the generated page, keeping the hand-written analysis between the two markers from
 * the previous version, so a re-run refreshes the figures without erasing their reading.
 */
export function writeDocs(file: string, render: (analysis: string) => string): void {
  let analysis = `${START}\n_No analysis written yet._\n${END}`;
  if (existsSync(file)) {
    const old = readFileSync(file, 'utf8');
    const from = old.indexOf(START);
    const to = old.indexOf(END);
    if (from >= 0 && to > from) analysis = old.slice(from, to + END.length);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, render(analysis));
}
