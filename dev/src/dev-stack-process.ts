import { spawn, type ChildProcess } from "node:child_process";
import { devNamespace, type DevNamespace } from "./dev-namespace.ts";
import { freePort } from "./free-port.ts";
import { REPO_ROOT } from "./stack-config.ts";

export interface DevStackPorts {
  edge: number;
  s3: number;
  upstash: number;
  dataApi: number;
  /** The mail capture (optional: callers that predate it get a free port). */
  mailOutbox?: number;
}

export interface DevStackProcess {
  ports: DevStackPorts;
  edgeUrl: string;
  /** The dev stack's mail capture: read e-mails (verification, reset links) with `@coursecast/dev/mail`. */
  mailOutboxUrl: string;
  /** The `dev/src/start.ts` process; `wrangler dev` and the transcoders are its children. */
  pid: number;
  /** The Redis key prefix and RabbitMQ names this stack uses, as `start.ts` derives them. */
  namespace: DevNamespace;
  output: () => string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function allocateDevPorts(): Promise<DevStackPorts> {
  return {
    edge: await freePort(),
    s3: await freePort(),
    upstash: await freePort(),
    dataApi: await freePort(),
    mailOutbox: await freePort(),
  };
}

/**
 * Runs the real `npm run dev` entry point (`dev/src/start.ts`) as a child process
 * and waits until it says it is healthy. `env` adds settings such as
 * `DEV_TRANSCODERS` or `RATE_LIMIT_*`.
 */
export async function startDevStack(
  dataDir: string,
  ports: DevStackPorts,
  env: Record<string, string> = {},
): Promise<DevStackProcess> {
  let output = "";
  const mailOutboxPort = ports.mailOutbox ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, ["dev/src/start.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      EDGE_PORT: String(ports.edge),
      S3_PORT: String(ports.s3),
      UPSTASH_PORT: String(ports.upstash),
      DATA_API_PORT: String(ports.dataApi),
      MAIL_OUTBOX_PORT: String(mailOutboxPort),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`dev stack not healthy in time:\n${output}`)),
      150_000,
    );
    const poll = setInterval(() => {
      if (output.includes('"msg":"healthy"')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 200);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`dev stack exited early with ${code}:\n${output}`));
    });
  });
  return {
    ports,
    edgeUrl: `http://127.0.0.1:${ports.edge}`,
    mailOutboxUrl: `http://127.0.0.1:${mailOutboxPort}`,
    pid: child.pid!,
    namespace: devNamespace(dataDir, `${REPO_ROOT}.data`),
    output: () => output,
    async stop() {
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
