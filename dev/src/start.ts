/**
 * `npm run dev`: the whole local stack in the foreground, with prefixed logs and
 * a clean Ctrl-C: S3 stand-in, Upstash shim, Data API gateway, the edge under
 * `wrangler dev`, and one transcoder worker on the local RabbitMQ.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startProcess, type RunningProcess } from "./child-process.ts";
import { ensureDevVars } from "./dev-vars.ts";
import { devNamespace, transcoderQueueEnv } from "./dev-namespace.ts";
import { ensureQueueTopology, removeQueueTopology } from "./rabbit-topology.ts";
import { edgeBindings, startStack } from "./stack.ts";
import { localStackDefaults, REPO_ROOT } from "./stack-config.ts";

// These go to .dev.vars, never onto a command line.
const DEV_SECRETS = new Set([
  "UPSTASH_REDIS_REST_TOKEN",
  "DATA_API_KEY",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "RABBITMQ_API_PASSWORD",
]);

/** `DEV_TRANSCODERS`: how many transcoder workers to run (default 1; 0 leaves jobs on the queue). */
function transcoderCount(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0 || count > 8)
    throw new Error(`DEV_TRANSCODERS must be a whole number from 0 to 8, got "${value}"`);
  return count;
}

// The edge's documented limits and settings (README, "Limits and settings") that a
// developer may set in the environment of `npm run dev`, e.g. for a load run.
const EDGE_SETTINGS = new Set([
  "MAX_UPLOAD_BYTES",
  "SINGLE_UPLOAD_MAX_BYTES",
  "MAX_UPLOAD_PARTS",
  "ALLOWED_VIDEO_TYPES",
  "UPLOAD_URL_TTL_SECONDS",
  "UPLOAD_DEADLINE_SECONDS",
  "MAX_ATTACHMENT_BYTES",
  "PLAYBACK_URL_TTL_SECONDS",
  "STUCK_JOB_SECONDS",
  "ACCESS_TOKEN_TTL_SECONDS",
  "REFRESH_TOKEN_TTL_SECONDS",
  "ADMIN_BOOTSTRAP_EMAIL",
  "REQUIRE_VERIFIED_UPLOADERS",
  "EMAIL_VERIFICATION_TTL_SECONDS",
  "PASSWORD_RESET_TTL_SECONDS",
]);

/** Edge limits (`RATE_LIMIT_*` and the settings above) set in the environment reach the Worker. */
function edgeSettingOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        (entry[0].startsWith("RATE_LIMIT_") || EDGE_SETTINGS.has(entry[0])) &&
        typeof entry[1] === "string",
    ),
  );
}

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ level: "info", component: "dev", msg, ...fields }));

async function waitForHealth(url: string, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      last = await response.json();
      if (response.ok) return last;
    } catch {
      // Not up yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`edge did not become healthy at ${url}: ${JSON.stringify(last)}`);
}

async function main(): Promise<void> {
  const defaults = localStackDefaults();
  mkdirSync(defaults.dataDir, { recursive: true });
  const stack = await startStack({ dataDir: defaults.dataDir });
  const namespace = devNamespace(defaults.dataDir, `${REPO_ROOT}.data`);
  await ensureQueueTopology(stack.rabbitmq.amqpUrl, namespace.queues);
  const edgeUrl = `http://${defaults.host}:${defaults.edgePort}`;
  const secrets = await ensureDevVars(join(REPO_ROOT, "edge", ".dev.vars"), stack);

  const processes: RunningProcess[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log("stopping", { reason });
    await Promise.allSettled([...processes].reverse().map((p) => p.stop()));
    await stack.close();
    if (namespace.temporary)
      await removeQueueTopology(stack.rabbitmq.amqpUrl, namespace.queues).catch(() => undefined);
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  // Endpoints go in as --var so that ports overridden from the environment reach the Worker.
  const vars = Object.entries({
    ...edgeBindings(stack, edgeUrl),
    CORS_ORIGINS: `${edgeUrl},http://localhost:${defaults.edgePort}`,
    REDIS_KEY_PREFIX: namespace.redisKeyPrefix,
    RABBITMQ_EXCHANGE: namespace.queues.exchange,
    ...edgeSettingOverrides(process.env),
  })
    .filter(([name]) => !DEV_SECRETS.has(name))
    .flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const wrangler = join(REPO_ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const edge = startProcess(
    "edge",
    process.execPath,
    [
      wrangler,
      "dev",
      "--ip",
      defaults.host,
      "--port",
      String(defaults.edgePort),
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--persist-to",
      join(defaults.dataDir, "wrangler"),
      ...vars,
    ],
    { cwd: join(REPO_ROOT, "edge"), env: { WRANGLER_SEND_METRICS: "false" } },
  );
  processes.push(edge);
  edge.exited
    .then((code) => void shutdown(`edge exited with ${code}`, code ?? 1))
    .catch(() => undefined);

  const workerEntry = join(REPO_ROOT, "transcoder", "src", "main.ts");
  const transcoders = existsSync(workerEntry) ? transcoderCount(process.env.DEV_TRANSCODERS) : 0;
  for (let n = 1; n <= transcoders; n++) {
    const name = transcoders === 1 ? "transcoder" : `transcoder-${n}`;
    const worker = startProcess(name, process.execPath, [workerEntry], {
      env: {
        AMQP_URL: stack.rabbitmq.amqpUrl,
        S3_ENDPOINT: stack.s3.url,
        S3_REGION: stack.s3.region,
        S3_BUCKET: stack.s3.bucket,
        S3_ACCESS_KEY_ID: stack.s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
        WEBHOOK_SECRET: secrets.WEBHOOK_SECRET,
        EDGE_URL: edgeUrl,
        TMP_DIR: join(defaults.dataDir, "transcoder-tmp"),
        ...transcoderQueueEnv(namespace.queues),
      },
    });
    processes.push(worker);
  }

  const health = await waitForHealth(`${edgeUrl}/healthz`, 120_000);
  const lines = [
    "",
    "coursecast is running:",
    `  console    ${edgeUrl}/`,
    `  API docs   ${edgeUrl}/docs`,
    `  health     ${edgeUrl}/healthz`,
    `  S3         ${stack.s3.url}  (bucket ${stack.s3.bucket}, data in ${defaults.dataDir}/s3)`,
    `  Upstash    ${stack.upstash.url}  (over ${defaults.redisUrl})`,
    `  Data API   ${stack.dataApi.url}`,
    `  E-mail     printed here (verification and reset links); kept at ${stack.mailOutbox?.url ?? ""}/messages`,
    `  RabbitMQ   ${stack.rabbitmq.amqpUrl.replace(/\/\/[^@]*@/, "//")}  (HTTP API ${stack.rabbitmq.apiUrl})`,
    "Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
  log("healthy", { health });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
