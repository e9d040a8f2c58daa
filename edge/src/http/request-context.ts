import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { createLogger } from "../log.ts";
import { getServices } from "../services.ts";

/** Gives each request an id (echoed as `X-Request-Id`), the services, and one access log line. */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const requestId = c.req.header("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("services", getServices(c.env));
    const started = Date.now();
    await next();
    c.header("X-Request-Id", requestId);
    createLogger({ requestId }).info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  };
}
