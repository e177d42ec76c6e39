/**
 * Memory of a process tree on Linux, for the Chromium runtime's peak-memory figure: the
 * browser and its renderer, GPU and utility processes are descendants of the driver.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Bytes per page of `/proc/<pid>/statm` (4 KiB on x86-64 Linux). */
const PAGE_BYTES = 4096;

/**
 * Summed resident set size (`/proc/<pid>/statm`, second field) of every descendant of
 * `rootPid`, the root excluded. Pages shared between the processes (libraries, shared
 * memory) count once per process, so this is an upper bound. `statm` is read rather than
 * `smaps_rollup` (proportional set size): walking a multi-GB process's page tables every
 * sample took enough kernel time and memory-map locking to slow the decodes measured.
 * @returns bytes; 0 where `/proc` cannot be read (not Linux); processes that exit meanwhile are skipped
 */
export function descendantsRssBytes(rootPid: number): number {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const name of entries) {
    const stat = readOrNull(`/proc/${name}/stat`);
    if (!stat) continue;
    // Fields after the command name (in parentheses, which may hold spaces): state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
  }
  let total = 0;
  const pending = [...(children.get(rootPid) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    pending.push(...(children.get(pid) ?? []));
    const resident = Number(readOrNull(`/proc/${pid}/statm`)?.split(' ')[1]);
    if (Number.isFinite(resident)) total += resident * PAGE_BYTES;
  }
  return total;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
