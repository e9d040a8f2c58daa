import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.ts";

export type Logger = (fields: Record<string, unknown>) => void;

export function jsonLogger(silent = false): Logger {
  return (fields) => {
    if (!silent) console.log(JSON.stringify({ component: "data-api", ...fields }));
  };
}

/** One structured line per request: id, action, target, status, duration. */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const status = c.res.status;
    log({
      level: status >= 500 ? "error" : status >= 400 ? "warn" : "info",
      msg: "request",
      requestId: c.get("requestId"),
      action: c.get("action"),
      database: c.get("database"),
      collection: c.get("collection"),
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
