// CPU time of a browser and every process it started, from /proc (Linux). The extension's service
// worker runs inside the browser's process tree, so the tree's total is what the extension costs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: own CPU and that of children already reaped, in clock ticks. */
  ticks: number;
}

/** Parses /proc/<pid>/stat. The command name sits in parentheses and may itself hold spaces or ')'. */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  const pid = Number(line.slice(0, line.indexOf('(')).trim());
  const fields = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // fields[0] is the state; ppid, then utime..cstime at 11..14 (stat(5) fields 4 and 14..17).
  const number = (i: number) => Number(fields[i]);
  return { pid, ppid: number(1), ticks: number(11) + number(12) + number(13) + number(14) };
}

/** The pids in the tree below (and including) `root`. */
export function processTree(stats: ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const out: ProcStat[] = [];
  const queue = stats.filter((s) => s.pid === root);
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return out;
}

function readAll<T>(read: (pid: number) => T): T[] {
  const out: T[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      out.push(read(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The browser's main process: the one started with this profile that is not a child of another. */
export function findBrowserPid(profileDir: string): number {
  const flag = `--user-data-dir=${profileDir}`;
  const candidates = readAll((pid) => ({ pid, cmdline: splitCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) }))
    .filter((p) => p.cmdline.includes(flag) && !p.cmdline.some((arg) => arg.startsWith('--type=')))
    .map((p) => p.pid);
  const stats = readAll((pid) => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  const roots = candidates.filter((pid) => !candidates.includes(stats.find((s) => s.pid === pid)?.ppid ?? -1));
  if (roots.length !== 1) throw new Error(`expected one browser process for ${profileDir}, found ${roots.length}`);
  return roots[0]!;
}

/** Seconds of CPU used so far by the process tree under `root` (clock ticks, 10 ms apart). */
export function treeCpuSeconds(root: number): number {
  const stats = readAll((pid) => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  return processTree(stats, root).reduce((sum, s) => sum + s.ticks, 0) / ticksPerSecond();
}

/**
 * Seconds of CPU used so far by the live processes under `root` whose command line has `flag`
 * (e.g. Chromium's `--extension-process`, where extension workers run), to the nanosecond: the
 * scheduler's own run time of each of their threads (/proc/<pid>/task/<tid>/schedstat). Short
 * bursts of work, like an event listener's, fall between clock ticks; this does not miss them.
 */
export function flaggedCpuSeconds(root: number, flag: string): number {
  const stats = readAll((pid) => parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')));
  return processTree(stats, root)
    .filter(({ pid }) => hasArgument(pid, flag))
    .reduce((sum, { pid }) => sum + threadsCpuSeconds(pid), 0);
}

/** Seconds of CPU used so far by the live threads of one process (scheduler run time, in ns). */
export function threadsCpuSeconds(pid: number): number {
  let ns = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended while we looked.
      }
    }
  } catch {
    // The process ended while we looked.
  }
  return ns / 1e9;
}

function hasArgument(pid: number, flag: string): boolean {
  try {
    return splitCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).includes(flag);
  } catch {
    return false;
  }
}

/**
 * The arguments in /proc/<pid>/cmdline. They are NUL-separated, except where a program rewrote
 * its process title: Chromium's child processes show one space-separated string there.
 */
export function splitCmdline(raw: string): string[] {
  return raw.split(/[\0 ]/).filter((arg) => arg !== '');
}
