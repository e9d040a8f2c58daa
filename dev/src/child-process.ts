import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

const COLOURS = [36, 35, 33, 32, 34, 31];
let next = 0;

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(timeoutMs?: number): Promise<void>;
}

/** Spawns a long-running process whose every output line is prefixed with its name. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): RunningProcess {
  const colour = COLOURS[next++ % COLOURS.length];
  const prefix = process.stdout.isTTY
    ? `\x1b[${colour}m${name.padEnd(10)}\x1b[0m│ `
    : `${name.padEnd(10)}| `;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so Ctrl-C in the terminal reaches us first and we stop children in order.
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on("line", (line) =>
        process.stdout.write(`${prefix}${line}\n`),
      );
  }
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    name,
    child,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      };
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
