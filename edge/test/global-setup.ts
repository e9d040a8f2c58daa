import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { edgeBindings, generatePrivateJwk, startStack } from "@coursecast/dev";
import { newRunId } from "@coursecast/dev/test-support";
import type { TestProject } from "vitest/node";
import {
  declareTestTopology,
  deleteTestTopology,
  type TestTopology,
} from "./rabbit-test-topology.ts";

declare module "vitest" {
  interface ProvidedContext {
    edgeBindings: Record<string, string>;
    testTopology: TestTopology;
    /** A second signing key, not in the Worker's set: for wrong-`kid` and rotation tests. */
    spareJwk: string;
  }
}

/** The public origin the tests call the Worker at (`exports.default.fetch`). */
export const TEST_ORIGIN = "http://edge.test";

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "coursecast-edge-"));
  const runId = newRunId();
  const stack = await startStack({
    dataDir,
    ports: { s3: 0, upstash: 0, dataApi: 0, mailOutbox: 0 },
    bucket: `coursecast-test-${runId}`,
    silent: true,
  });
  const topology = await declareTestTopology(stack.rabbitmq, runId);
  project.provide("testTopology", topology);
  project.provide("spareJwk", JSON.stringify(await generatePrivateJwk()));
  project.provide("edgeBindings", {
    ...edgeBindings(stack, TEST_ORIGIN),
    CORS_ORIGINS: "http://console.test",
    JWT_PRIVATE_JWKS: JSON.stringify({ keys: [await generatePrivateJwk()] }),
    WEBHOOK_SECRET: `whsec_${crypto.randomUUID()}`,
    RABBITMQ_EXCHANGE: topology.exchange,
    RABBITMQ_ROUTING_KEY: topology.routingKey,
    TEST_RUN_ID: runId,
    // Rate-limit windows (the global registration cap among them) and every other Redis key
    // are this run's own: earlier runs and other checkouts on the same Redis do not count.
    REDIS_KEY_PREFIX: `edge-test-${runId}:`,
  });
  return async () => {
    await deleteTestTopology(stack.rabbitmq, topology);
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
