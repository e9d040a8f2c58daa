import { readdir, readFile } from "node:fs/promises";

/** One process as /proc shows it. */
export interface ProcessSample {
  pid: number;
  ppid: number;
  name: string;
  /** User + system CPU time so far, in seconds. */
  cpuSeconds: number;
  rssMiB: number;
}

// Linux reports CPU time in clock ticks; 100 per second on every distribution kernel.
const CLOCK_TICKS_PER_SECOND = 100;

async function sample(pid: number): Promise<ProcessSample | undefined> {
  const [stat, status] = await Promise.all([
    readFile(`/proc/${pid}/stat`, "utf8").catch(() => ""),
    readFile(`/proc/${pid}/status`, "utf8").catch(() => ""),
  ]);
  if (!stat) return undefined;
  // The name is in parentheses and may itself contain spaces or parentheses.
  const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    pid,
    ppid: Number(fields[1]),
    name,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND,
    rssMiB: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024,
  };
}

/** The process `rootPid` and all its descendants, sampled now. */
export async function processTree(rootPid: number): Promise<ProcessSample[]> {
  const pids = (await readdir("/proc")).filter((p) => /^\d+$/.test(p)).map(Number);
  const all = (await Promise.all(pids.map(sample))).filter((p) => p !== undefined);
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  return all.filter((p) => {
    for (let pid: number | undefined = p.pid; pid; pid = parent.get(pid))
      if (pid === rootPid) return true;
    return false;
  });
}

/** Total CPU seconds used so far by the descendants of `rootPid` named `name` (e.g. `workerd`). */
export async function cpuSecondsOf(rootPid: number, name: string): Promise<number> {
  const tree = await processTree(rootPid);
  const matching = tree.filter((p) => p.name === name);
  if (matching.length === 0) throw new Error(`no ${name} process under pid ${rootPid}`);
  return matching.reduce((sum, p) => sum + p.cpuSeconds, 0);
}

/** Summed resident memory of `rootPid` and its descendants, in MiB. */
export async function treeRssMiB(rootPid: number): Promise<number> {
  return (await processTree(rootPid)).reduce((sum, p) => sum + p.rssMiB, 0);
}
