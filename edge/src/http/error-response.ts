import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type AppErrorCode } from "../errors.ts";
import { logger } from "../log.ts";

const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  validation_failed: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  token_invalid: 401,
  token_expired: 401,
  token_revoked: 401,
  signature_invalid: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  upload_incomplete: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upload_mismatch: 422,
  rate_limited: 429,
  internal: 500,
  misconfigured: 500,
  dependency_unavailable: 503,
};

export function statusOf(code: AppErrorCode): ContentfulStatusCode {
  return STATUS[code];
}

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; field?: string };
}

export function errorBody(code: AppErrorCode, message: string, field?: string): ErrorBody {
  return { error: field ? { code, message, field } : { code, message } };
}

/** The one place where thrown errors become responses; anything unknown is a logged 500. */
export function handleError(err: unknown, c: Context): Response {
  if (err instanceof AppError) {
    const status = statusOf(err.code);
    if (status >= 500) logger(c).error("request failed", { code: err.code, err });
    const headers: Record<string, string> = { ...err.headers };
    if (err.retryAfter !== undefined) headers["Retry-After"] = String(err.retryAfter);
    return c.json(errorBody(err.code, err.message, err.field), status, headers);
  }
  if (err instanceof HTTPException) {
    // Hono's own middleware (body limit, malformed JSON) throws these.
    const code: AppErrorCode =
      err.status === 413
        ? "payload_too_large"
        : err.status === 401
          ? "unauthenticated"
          : "validation_failed";
    return c.json(
      errorBody(code, err.message || "Bad request"),
      err.status as ContentfulStatusCode,
    );
  }
  logger(c).error("unhandled error", { err });
  return c.json(errorBody("internal", "Internal server error"), 500);
}
