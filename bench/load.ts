/**
 * A bounded load run against the real local stack (`npm run dev`: `wrangler dev`
 * and the stand-ins), loopback only, about 50 s of load: authenticated
 * `GET /videos/:id` and presign calls (`POST /videos/:id/upload/parts`) at rising
 * concurrency. For each step: requests per second, p50/p99 latency, errors, and the
 * CPU time workerd spent per request (read from /proc, so it includes HTTP
 * handling). The baseline, measured in the same run, is a public route that does
 * no I/O (`GET /.well-known/jwks.json`).
 *   npm run bench:load            (STEP_SECONDS=5 CONCURRENCY=1,8,32,64 by default)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { allocateDevPorts, edgeApi, startDevStack } from "@coursecast/dev";
import { cpuSecondsOf } from "./process-tree.ts";

const STEP_SECONDS = Number(process.env.STEP_SECONDS ?? 5);
const CONCURRENCY = (process.env.CONCURRENCY ?? "1,8,32,64").split(",").map(Number);

interface Step {
  route: string;
  connections: number;
  requests: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  non2xx: number;
  workerdCpuMsPerRequest: number;
}

const dir = await mkdtemp(join(tmpdir(), "coursecast-load-"));
const stack = await startDevStack(join(dir, "data"), await allocateDevPorts(), {
  DEV_TRANSCODERS: "0",
});
try {
  const api = edgeApi(stack.edgeUrl);
  const token = await api.instructorToken("load");
  const created = await api.client(token).createVideo({
    title: "Load run",
    filename: "big.mp4",
    size: 1024 * 1024 * 1024,
    contentType: "video/mp4",
  });
  const id = created.video.id;
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const routes = [
    {
      name: "GET /.well-known/jwks.json (baseline)",
      path: "/.well-known/jwks.json",
      method: "GET" as const,
    },
    { name: "GET /videos/:id", path: `/videos/${id}`, method: "GET" as const, headers: auth },
    {
      name: "POST /videos/:id/upload/parts (4 URLs)",
      path: `/videos/${id}/upload/parts`,
      method: "POST" as const,
      headers: auth,
      body: JSON.stringify({ partNumbers: [1, 2, 3, 4] }),
    },
  ];

  const steps: Step[] = [];
  for (const route of routes) {
    const levels = route.name.includes("baseline") ? [8] : CONCURRENCY;
    for (const connections of levels) {
      const cpuBefore = await cpuSecondsOf(stack.pid, "workerd");
      const result = await autocannon({
        url: `${stack.edgeUrl}${route.path}`,
        method: route.method,
        headers: route.headers,
        body: route.body,
        connections,
        duration: STEP_SECONDS,
      });
      const cpu = (await cpuSecondsOf(stack.pid, "workerd")) - cpuBefore;
      const requests = result.requests.total;
      steps.push({
        route: route.name,
        connections,
        requests,
        rps: Math.round(result.requests.average),
        p50ms: result.latency.p50,
        p99ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        workerdCpuMsPerRequest: +((cpu * 1000) / Math.max(requests, 1)).toFixed(2),
      });
      console.error(JSON.stringify(steps.at(-1)));
    }
  }

  const baseline = steps[0]!.workerdCpuMsPerRequest;
  console.log(
    "\n| route | connections | req/s | p50 ms | p99 ms | errors | non-2xx | workerd CPU ms/req | × baseline |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const s of steps)
    console.log(
      `| ${s.route} | ${s.connections} | ${s.rps} | ${s.p50ms} | ${s.p99ms} | ${s.errors} | ${s.non2xx} | ${s.workerdCpuMsPerRequest} | ${(s.workerdCpuMsPerRequest / baseline).toFixed(1)} |`,
    );
  console.log(JSON.stringify({ bench: "load", stepSeconds: STEP_SECONDS, steps }));
  if (steps.some((s) => s.errors > 0 || s.non2xx > 0)) process.exitCode = 1;
} finally {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
