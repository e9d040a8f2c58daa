import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/create-router.ts";
import { checkDependencies } from "./check-dependencies.ts";

const DependencyStatusSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
});

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    dependencies: z.object({
      redis: DependencyStatusSchema,
      dataApi: DependencyStatusSchema,
      s3: DependencyStatusSchema,
      rabbitmq: DependencyStatusSchema,
    }),
  })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["health"],
  summary: "Reachability of every backend",
  responses: {
    200: {
      description: "Every dependency answered",
      content: { "application/json": { schema: HealthSchema } },
    },
    503: {
      description: "At least one dependency is down",
      content: { "application/json": { schema: HealthSchema } },
    },
  },
});

export const healthRoutes = createRouter().openapi(healthRoute, async (c) => {
  const dependencies = await checkDependencies(c.get("services"));
  const allUp = Object.values(dependencies).every((d) => d.ok);
  return c.json({ status: allUp ? "ok" : "degraded", dependencies }, allUp ? 200 : 503);
});
