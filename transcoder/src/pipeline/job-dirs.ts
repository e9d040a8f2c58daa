import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

// A job's temp folder carries the pid of the worker that made it, so that a worker
// starting later can tell a folder left by a SIGKILLed worker (gone) from one a
// sibling worker on the same host is still using (alive).
const JOB_DIR = /^job-.+-p(\d+)-[A-Za-z0-9]{6}$/;

/** A fresh temp folder for one job of this process. */
export async function makeJobDir(tmpDir: string, videoId: string): Promise<string> {
  await mkdir(tmpDir, { recursive: true });
  return mkdtemp(join(tmpDir, `job-${videoId}-p${process.pid}-`));
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false; // this worker has no jobs yet when it sweeps
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes job folders whose worker is gone (killed mid-job, so it never cleaned
 * up). Pids only mean something within one pid namespace: give each container
 * its own TMP_DIR, as the default (the container's /tmp) does.
 */
export async function removeAbandonedJobDirs(tmpDir: string): Promise<string[]> {
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  const abandoned = names.filter((name) => {
    const pid = JOB_DIR.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  });
  await Promise.all(
    abandoned.map((name) => rm(join(tmpDir, name), { recursive: true, force: true })),
  );
  return abandoned;
}
