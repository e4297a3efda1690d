import { readFileSync } from 'node:fs';

// Linux reports process CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel.
const TICKS_PER_SECOND = 100;

function statusField(pid: number, field: string): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resident set size now, in bytes; null once the process is gone. */
export const residentBytes = (pid: number) => statusField(pid, 'VmRSS');

/** The kernel's high-water mark of the resident set, in bytes. */
export const peakResidentBytes = (pid: number) => statusField(pid, 'VmHWM');

/** User plus system CPU seconds the process has used so far; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces or parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine since boot, all cores added up. */
export function machineCpuSeconds(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Polls a process's resident set while a measurement runs; stop() returns the largest seen. */
export function sampleResident(pid: number, everyMs = 100) {
  let peak = residentBytes(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid) ?? 0);
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, residentBytes(pid) ?? 0);
    },
  };
}

/** CPU seconds used by each watched process, and by the machine, between start and stop. */
export function watchCpu(pids: Record<string, number | null>) {
  const read = () => {
    const each: Record<string, number> = {};
    for (const [name, pid] of Object.entries(pids)) each[name] = pid ? (cpuSeconds(pid) ?? 0) : 0;
    return { each, machine: machineCpuSeconds() };
  };
  const before = read();
  return {
    stop(): CpuUse {
      const after = read();
      const each: Record<string, number> = {};
      for (const name of Object.keys(pids)) {
        each[name] = (after.each[name] ?? 0) - (before.each[name] ?? 0);
      }
      return { each, machineBusy: after.machine.busy - before.machine.busy };
    },
  };
}

export interface CpuUse {
  /** CPU seconds of each watched process during the measurement. */
  readonly each: Record<string, number>;
  /** CPU seconds of the whole machine (every process, every core). */
  readonly machineBusy: number;
}

/** Load average over the last minute, to tell whether something else was using the machine. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
