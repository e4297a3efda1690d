import type { LoadResult } from './load.js';
import type { CpuUse } from './proc.js';
import type { ProfileSummary, Share } from './profile.js';
import type { StoredCheck } from './verify.js';

export interface Measured {
  readonly label: string;
  readonly connections: number;
  readonly result: LoadResult;
  /** Peak resident set of the process under test during the run, bytes; null in-process. */
  readonly peakRss: number | null;
  readonly cpu: CpuUse;
  /** Wall time the CPU figures cover. */
  readonly seconds: number;
}

const MiB = 1024 * 1024;
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const mib = (bytes: number | null) => (bytes === null ? '–' : `${fixed(bytes / MiB, 0)} MiB`);

/** CPU of each watched process as a share of one core over the run. */
function cpuCell(m: Measured): string {
  const core = (s: number) => `${fixed((100 * s) / m.seconds, 0)}%`;
  const server = m.cpu.each.server ?? 0;
  const db = m.cpu.each.mariadb ?? 0;
  const rest = Math.max(0, m.cpu.machineBusy - server - db);
  return `${core(server)} / ${core(db)} / ${core(rest)}`;
}

export function resultsTable(rows: readonly Measured[]): string {
  const head =
    '| what | conns | req/s | p50 ms | p99 ms | errors | non-2xx | peak RSS | ' +
    'CPU: target / MariaDB / rest |\n' +
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |';
  const lines = rows.map((m) => {
    const r = m.result;
    const cells = [m.label, m.connections, fixed(r.rps, 0), fixed(r.p50Ms, 2), fixed(r.p99Ms, 2)];
    cells.push(r.errors, r.non2xx, mib(m.peakRss), cpuCell(m));
    return `| ${cells.join(' | ')} |`;
  });
  return [head, ...lines].join('\n');
}

export interface TargetCheck {
  readonly name: string;
  readonly wanted: string;
  readonly got: string;
  readonly met: boolean;
}

export function targetsTable(checks: readonly TargetCheck[]): string {
  return [
    '| target | wanted | measured | met |',
    '| --- | --- | --- | --- |',
    ...checks.map((c) => `| ${c.name} | ${c.wanted} | ${c.got} | ${c.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}

export function storedParagraph(check: StoredCheck): string {
  return (
    `After the register runs the database held ${check.rows} registrations for ` +
    `${check.distinctSent} distinct tokens handed to the load generator (at most ` +
    `${check.inFlightAtEnds} requests were cut off in flight when runs ended). A random sample ` +
    `of ${check.sampled} tokens whose 200 had arrived was looked up by HMAC digest: ` +
    `${check.sampleFound} found, with ${check.sampleTopicRows} topic rows ` +
    `(${2 * check.sampled} expected). Check ${check.ok ? 'passed' : '**FAILED**'}.`
  );
}

const shareRows = (list: readonly Share[]) =>
  list.map(
    (s) => `| ${s.name.replaceAll('|', '\\|')} | ${fixed(s.ms, 0)} | ${fixed(s.percent)}% |`,
  );

export function profileTables(p: ProfileSummary): string {
  return [
    `Sampled ${fixed(p.totalMs / 1000, 1)} s of the server's main thread; ` +
      `idle ${fixed(p.idlePercent)}%.`,
    '',
    'Self time by module (where the CPU actually was):',
    '',
    '| module | self ms | share |',
    '| --- | ---: | ---: |',
    ...shareRows(p.selfByModule),
    '',
    'Inclusive time by module (the module anywhere on the stack, so rows overlap):',
    '',
    '| module | ms | share |',
    '| --- | ---: | ---: |',
    ...shareRows(p.inclusiveByModule),
    '',
    'Top functions by self time:',
    '',
    '| function [module] location | self ms | share |',
    '| --- | ---: | ---: |',
    ...shareRows(p.topFunctions),
  ].join('\n');
}
