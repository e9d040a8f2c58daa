/**
 * CPU per request inside the edge Worker for the work that costs CPU, on the real
 * local stack (`npm run dev`: `wrangler dev`, stand-ins): token verification with
 * the blacklist check, single-PUT presigning (with its record), a batch of 100 part
 * URLs, a watch-progress save, and login (scrypt). Sequential requests; workerd's CPU time is read from
 * /proc, its idle rate is subtracted, and each route is set against a public route
 * that does no I/O (`GET /.well-known/jwks.json`) measured in the same run. Then
 * the bundle `wrangler deploy --dry-run` makes, against the free plan's limit, and
 * its start-up time in workerd (Miniflare) against an empty Worker's.
 *   npm run bench:edge        (the 1-hour playlist rewrite: npm run bench:edge-playlist)
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  allocateDevPorts,
  edgeApi,
  edgeBindings,
  generatePrivateJwk,
  localStackDefaults,
  startDevStack,
} from "@coursecast/dev";
import { Miniflare } from "miniflare";
import { buildEdgeBundle, FREE_PLAN_GZIP_LIMIT } from "../scripts/edge-bundle.ts";
import { cpuSecondsOf } from "./process-tree.ts";

const ROUNDS = Number(process.env.ROUNDS ?? 100);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const dir = await mkdtemp(join(tmpdir(), "coursecast-bench-edge-"));

async function cpuPerRequest(): Promise<Array<{ work: string; rounds: number; cpuMs: number }>> {
  const stack = await startDevStack(join(dir, "data"), await allocateDevPorts(), {
    DEV_TRANSCODERS: "0",
    // Raised for the run only: the defaults would stop a benchmark after a few logins.
    RATE_LIMIT_UPLOAD: "100000/60m",
    RATE_LIMIT_LOGIN_EMAIL: "100000/15m",
    RATE_LIMIT_LOGIN_IP: "100000/60s",
  });
  try {
    const api = edgeApi(stack.edgeUrl);
    const email = `bench-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const password = "benchmark password 1";
    const anonymous = api.client();
    await anonymous.register({ email, password, name: "Bench", role: "instructor" });
    const token = (await anonymous.login(email, password)).access_token;
    const big = await api.client(token).createVideo({
      title: "Bench",
      filename: "big.mp4",
      size: 4 * 1024 ** 3,
      contentType: "video/mp4",
    });
    const declaration = JSON.stringify({
      title: "Bench",
      filename: "small.mp4",
      size: 1024,
      contentType: "video/mp4",
    });
    const parts = JSON.stringify({ partNumbers: Array.from({ length: 100 }, (_, i) => i + 1) });
    const work: Array<{
      work: string;
      path: string;
      method?: string;
      token?: string;
      body?: string;
      rounds: number;
    }> = [
      {
        work: "public route, no I/O (baseline): GET /.well-known/jwks.json",
        path: "/.well-known/jwks.json",
        rounds: ROUNDS,
      },
      {
        work: "token verify + blacklist + one gateway read: GET /auth/me",
        path: "/auth/me",
        token,
        rounds: ROUNDS,
      },
      {
        work: "single-PUT presign with its record: POST /videos",
        path: "/videos",
        token,
        body: declaration,
        rounds: ROUNDS,
      },
      {
        work: "100 part URLs: POST /videos/:id/upload/parts",
        path: `/videos/${big.video.id}/upload/parts`,
        token,
        body: parts,
        rounds: Math.ceil(ROUNDS / 2),
      },
      {
        work: "watch progress save (access check + one Redis pipeline): PUT /videos/:id/progress",
        path: `/videos/${big.video.id}/progress`,
        method: "PUT",
        token,
        body: JSON.stringify({ position: 20, duration: 100 }),
        rounds: ROUNDS,
      },
      {
        work: "login (scrypt N=2^14 r=8 p=5): POST /auth/login",
        path: "/auth/login",
        body: JSON.stringify({ email, password }),
        rounds: Math.ceil(ROUNDS / 5),
      },
    ];

    // workerd's CPU while nobody calls it (timers, the dev session), per second.
    await sleep(1000);
    const idleStart = await cpuSecondsOf(stack.pid, "workerd");
    const idleStarted = performance.now();
    await sleep(4000);
    const idlePerMs =
      ((await cpuSecondsOf(stack.pid, "workerd")) - idleStart) / (performance.now() - idleStarted);

    const results = [];
    for (const item of work) {
      const call = () =>
        api.call(item.path, {
          method: item.method ?? (item.body ? "POST" : "GET"),
          ...(item.token ? { token: item.token } : {}),
          ...(item.body ? { body: item.body } : {}),
        });
      for (let i = 0; i < 3; i++) await call(); // warm-up
      const before = await cpuSecondsOf(stack.pid, "workerd");
      const started = performance.now();
      for (let i = 0; i < item.rounds; i++) {
        const response = await call();
        if (response.status >= 300) throw new Error(`${item.work}: ${response.status}`);
      }
      const elapsedMs = performance.now() - started;
      const cpuMs = ((await cpuSecondsOf(stack.pid, "workerd")) - before) * 1000;
      const ownMs = (cpuMs - idlePerMs * 1000 * elapsedMs) / item.rounds;
      results.push({ work: item.work, rounds: item.rounds, cpuMs: +ownMs.toFixed(2) });
      console.error(JSON.stringify(results.at(-1)));
    }
    return results;
  } finally {
    await stack.stop();
  }
}

/** Milliseconds from `new Miniflare` to ready (script loaded) and to the first response, medians of five. */
async function startupMs(
  options: ConstructorParameters<typeof Miniflare>[0],
): Promise<{ readyMs: number; firstResponseMs: number }> {
  const times: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const mf = new Miniflare(options);
    await mf.ready;
    ready.push(performance.now() - started);
    const response = await mf.dispatchFetch("http://localhost/.well-known/jwks.json");
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`start-up probe answered ${response.status}`);
    times.push(performance.now() - started);
    await mf.dispose();
  }
  return { readyMs: median(ready), firstResponseMs: median(times) };
}

try {
  const cpu = await cpuPerRequest();
  const baseline = cpu[0]!.cpuMs;

  const bundle = await buildEdgeBundle("production", join(dir, "bundle"));
  const common = {
    modules: true,
    compatibilityDate: "2026-07-30",
    compatibilityFlags: ["nodejs_compat"],
  };
  const emptyWorker = await startupMs({
    ...common,
    script: "export default { fetch() { return new Response('{}'); } };",
  });
  // A valid configuration, so that the probe answers 200; nothing is called.
  const defaults = localStackDefaults();
  const bindings = {
    ...edgeBindings(
      {
        s3: { url: "http://127.0.0.1:9000", ...defaults.s3 },
        upstash: { url: "http://127.0.0.1:8079", token: defaults.upstash.token },
        dataApi: {
          url: "http://127.0.0.1:8090",
          apiKey: defaults.dataApi.apiKey,
          dataSource: "local",
          database: "coursecast",
        },
        rabbitmq: defaults.rabbitmq,
      },
      "http://localhost",
    ),
    JWT_AUDIENCE: "coursecast",
    JWT_PRIVATE_JWKS: JSON.stringify({ keys: [await generatePrivateJwk()] }),
    WEBHOOK_SECRET: "whsec_bench_startup_only_0123456789",
    EMAIL_FROM: "noreply@coursecast.local",
  };
  const edgeWorker = await startupMs({
    ...common,
    bindings,
    modulesRoot: join(dir, "bundle"),
    scriptPath: bundle.mainPath,
    script: await readFile(bundle.mainPath, "utf8"),
  });

  console.log(
    "\n| work inside the Worker | rounds | workerd CPU ms per request | × baseline | above baseline, ms |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const row of cpu)
    console.log(
      `| ${row.work} | ${row.rounds} | ${row.cpuMs} | ${(row.cpuMs / baseline).toFixed(1)} | ${(row.cpuMs - baseline).toFixed(1)} |`,
    );
  console.log(
    `\nBundle: ${bundle.rawBytes} bytes, ${bundle.gzipBytes} gzipped = ${(bundle.gzipBytes / FREE_PLAN_GZIP_LIMIT).toFixed(3)} of the free plan's 3 MiB.`,
  );
  const startupRatio = edgeWorker.firstResponseMs / emptyWorker.firstResponseMs;
  console.log(
    `Start-up in workerd (Miniflare), new Miniflare to ready / to first response: edge ${edgeWorker.readyMs.toFixed(0)} / ${edgeWorker.firstResponseMs.toFixed(0)} ms, empty Worker ${emptyWorker.readyMs.toFixed(0)} / ${emptyWorker.firstResponseMs.toFixed(0)} ms (${startupRatio.toFixed(2)}×, +${(edgeWorker.firstResponseMs - emptyWorker.firstResponseMs).toFixed(0)} ms).`,
  );
  console.log(
    JSON.stringify({
      bench: "edge",
      cpu,
      bundle: {
        rawBytes: bundle.rawBytes,
        gzipBytes: bundle.gzipBytes,
        limit: FREE_PLAN_GZIP_LIMIT,
      },
      startup: { edge: edgeWorker, empty: emptyWorker },
    }),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
