import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { isActionName } from "./action-schemas.ts";
import { apiKeyAuth } from "./api-key.ts";
import type { AppEnv } from "./app-env.ts";
import type { DocumentStore } from "./document-store.ts";
import { DataApiError, type DataApiErrorCode } from "./errors.ts";
import { actionResponse, parseActionBody, responseFormat } from "./request-body.ts";
import { jsonLogger, requestLog, type Logger } from "./request-log.ts";
import { runAction } from "./run-action.ts";

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS: Record<DataApiErrorCode, ContentfulStatusCode> = {
  InvalidSession: 401,
  InvalidParameter: 400,
  NotFound: 404,
  DuplicateKey: 409,
  PayloadTooLarge: 413,
  BackendUnavailable: 503,
  InternalServerError: 500,
};

export interface DataApiAppOptions {
  /** Accepted `api-key` values; several allow rotation without downtime. */
  apiKeys: string[];
  silent?: boolean;
  maxBodyBytes?: number;
  log?: Logger;
}

/** Atlas's error body: `{ error, error_code }`. */
function errorResponse(code: DataApiErrorCode, message: string): Response {
  return actionResponse({ error: message, error_code: code }, STATUS[code], "json");
}

function zodMessage(err: ZodError): string {
  const issue = err.issues[0];
  const field = issue?.path.join(".") ?? "";
  return field
    ? `invalid parameter '${field}': ${issue?.message ?? "invalid"}`
    : `invalid request: ${issue?.message ?? "invalid"}`;
}

/** The Data API v1 HTTP surface over one `DocumentStore`. */
export function createDataApiApp(store: DocumentStore, options: DataApiAppOptions) {
  const log = options.log ?? jsonLogger(options.silent);
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(requestLog(log));

  app.get("/healthz", (c) => c.json({ status: "ok", backend: store.backend }));

  app.post(
    "/action/:action",
    apiKeyAuth(options.apiKeys),
    bodyLimit({
      maxSize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      onError: () => {
        throw new DataApiError("PayloadTooLarge", "request body too large");
      },
    }),
    async function action(c) {
      const name = c.req.param("action");
      c.set("action", name);
      if (!isActionName(name)) throw new DataApiError("NotFound", `unknown action ${name}`);
      const body = parseActionBody(c.req.header("content-type"), await c.req.text());
      if (body && typeof body === "object") {
        const { database, collection } = body as { database?: unknown; collection?: unknown };
        if (typeof database === "string") c.set("database", database);
        if (typeof collection === "string") c.set("collection", collection);
      }
      const result = await runAction(store, name, body);
      const status = name === "insertOne" || name === "insertMany" ? 201 : 200;
      const format = responseFormat(c.req.header("accept"), c.req.header("content-type"));
      return actionResponse(result, status, format);
    },
  );

  app.notFound(() => errorResponse("NotFound", "not found"));

  app.onError((err, c: Context<AppEnv>) => {
    if (err instanceof DataApiError) return errorResponse(err.code, err.message);
    if (err instanceof ZodError) return errorResponse("InvalidParameter", zodMessage(err));
    log({
      level: "error",
      msg: "unhandled error",
      requestId: c.get("requestId"),
      action: c.get("action"),
      err: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    return errorResponse("InternalServerError", "internal error");
  });

  return app;
}
