import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrowserPid, flaggedCpuSeconds, parseProcStat, processTree, splitCmdline, treeCpuSeconds } from '../../bench/proc-cpu';

describe('parseProcStat', () => {
  it('reads ppid and all four CPU counters even when the command name holds spaces and parentheses', () => {
    const line = '4242 (Chrome_Child (x) 1) S 4200 4242 4200 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 12 0 300 1000000 500';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, ticks: 250 + 50 + 7 + 3 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc stat line/);
  });
});

describe('splitCmdline', () => {
  it('reads NUL-separated arguments and the space-separated title Chromium gives its child processes', () => {
    expect(splitCmdline('/usr/lib/chromium/chromium\0--type=renderer\0--extension-process\0')).toEqual([
      '/usr/lib/chromium/chromium',
      '--type=renderer',
      '--extension-process',
    ]);
    expect(splitCmdline('/usr/lib/chromium/chromium --type=renderer --extension-process --lang=en-US')).toContain('--extension-process');
  });
});

describe('processTree', () => {
  it('collects the root and every descendant, and nothing else', () => {
    const stats = [
      { pid: 1, ppid: 0, ticks: 1 },
      { pid: 10, ppid: 1, ticks: 2 },
      { pid: 11, ppid: 10, ticks: 3 },
      { pid: 12, ppid: 11, ticks: 4 },
      { pid: 20, ppid: 1, ticks: 5 },
    ];
    expect(
      processTree(stats, 10)
        .map((s) => s.pid)
        .sort(),
    ).toEqual([10, 11, 12]);
    expect(processTree(stats, 99)).toEqual([]);
  });
});

describe('on this machine', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });

  const start = (...args: string[]) => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)', '--', ...args], { stdio: 'ignore' });
    children.push(child);
    return child;
  };

  it('finds the browser process by its profile, not its helpers or other profiles', async () => {
    const profile = join(tmpdir(), `blockwatch-test-profile-${process.pid}`);
    const browser = start(`--user-data-dir=${profile}`);
    start(`--user-data-dir=${profile}`, '--type=renderer');
    start(`--user-data-dir=${profile}-other`);
    await new Promise((r) => setTimeout(r, 300));
    expect(findBrowserPid(profile)).toBe(browser.pid);
    expect(() => findBrowserPid(`${profile}-missing`)).toThrow(/found 0/);
  });

  it('counts only the processes that carry a given flag when asked, to below a clock tick', async () => {
    const work =
      'let x = 0; for (let i = 0; i < 5e7; i++) x = (x + i) | 0; console.log(x !== 0.5 ? "done" : ""); setTimeout(() => {}, 20000)';
    const busy = spawn(process.execPath, ['-e', work, '--', '--busy-marker'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(busy);
    start('--idle-marker');
    await new Promise((resolve) => busy.stdout!.once('data', resolve));
    const busyCpu = flaggedCpuSeconds(process.pid, '--busy-marker');
    const idleCpu = flaggedCpuSeconds(process.pid, '--idle-marker');
    expect(idleCpu).toBeGreaterThan(0);
    expect(busyCpu).toBeGreaterThan(idleCpu + 0.01);
    expect(flaggedCpuSeconds(process.pid, '--no-such-flag')).toBe(0);
  }, 60_000);

  it('counts CPU time the process spends', () => {
    const before = treeCpuSeconds(process.pid);
    const until = Date.now() + 300;
    let spin = 0;
    while (Date.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(treeCpuSeconds(process.pid)).toBeGreaterThan(before);
  });
});
