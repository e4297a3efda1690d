import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  readonly name: string;
  readonly ms: number;
  /** Share of all sampled time, idle included, 0–100. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly idlePercent: number;
  /** Self time by module (package, Node subsystem, or pseudo-frame like GC). */
  readonly selfByModule: readonly Share[];
  /** Time with the module anywhere on the stack: what removing it entirely could save at most. */
  readonly inclusiveByModule: readonly Share[];
  readonly topFunctions: readonly Share[];
}

/** The module a frame belongs to: a package name, a Node subsystem, or a V8 pseudo-frame. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (SOCKET_WRITES.has(functionName)) return '(socket writes, native)';
    return functionName.startsWith('(') ? functionName : '(V8 builtins, native)';
  }
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!node_modules)/g)?.at(-1);
  if (pkg) return pkg.replace(/^node_modules\//, '').replace(/\/$/, '');
  const own = url.match(/\/packages\/([^/]+)\//);
  if (own) return `@pushreg/${own[1]}`;
  if (url.startsWith('node:')) {
    const path = url.slice(5).replace(/^internal\//, '');
    const area = path.split('/')[0]?.replace(/^_/, '').replace(/_.*$/, '') ?? path;
    return `node:${area}`;
  }
  return url;
}

const shortUrl = (url: string) =>
  url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/packages\//, '');

function shares(map: Map<string, number>, totalMs: number, limit: number): Share[] {
  return [...map.entries()]
    .map(([name, ms]) => ({ name, ms, percent: (100 * ms) / totalMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit);
}

/** Native frames that are the socket write system calls, shown apart from V8's builtins. */
const SOCKET_WRITES = new Set(['writeBuffer', 'writev', 'writeUtf8String', 'writeLatin1String']);

/** A window of the monotonic clock, in microseconds (process.hrtime.bigint() / 1000n). */
export interface Window {
  readonly fromUs: number;
  readonly toUs: number;
}

/**
 * Sums a V8 .cpuprofile by self time per module and function, and inclusive time per module,
 * counting only samples inside the window (V8 and process.hrtime share the monotonic clock on
 * Linux), so start-up and warm-up stay out of the figures.
 */
export function summariseProfile(file: string, window?: Window): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);

  let totalMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    // A sample's time is the gap until the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    totalMs += ms;
    const leaf = byId.get(id);
    if (!leaf) return;
    const module = moduleOf(leaf.callFrame);
    add(self, module, ms);
    const { functionName, url, lineNumber } = leaf.callFrame;
    const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : '';
    add(functions, `${functionName || '(anonymous)'} [${module}]${where}`, ms);
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const node = byId.get(up);
      if (node) seen.add(moduleOf(node.callFrame));
    }
    for (const name of seen) add(inclusive, name, ms);
  });

  return {
    totalMs,
    idlePercent: (100 * (self.get('(idle)') ?? 0)) / totalMs,
    selfByModule: shares(self, totalMs, 16),
    // node:process is the task queue under every async continuation: always near 100%.
    inclusiveByModule: shares(inclusive, totalMs, 18).filter(
      (s) => !s.name.startsWith('(') && s.name !== 'node:process',
    ),
    topFunctions: shares(functions, totalMs, 20),
  };
}
