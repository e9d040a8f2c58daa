import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { createLogger } from "../log.ts";
import type { Services } from "../ports/services.ts";

/**
 * Gives each request an id (echoed as `X-Request-Id`), the services, and one
 * access log line. The composition root is passed in, so HTTP plumbing never
 * reaches up to the adapters.
 */
export function requestContext(servicesFor: (env: Env) => Services): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const requestId = c.req.header("x-request-id")?.slice(0, 64) || crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("services", servicesFor(c.env));
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
