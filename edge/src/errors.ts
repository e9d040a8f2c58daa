/**
 * Every failure the edge reports on purpose. The HTTP layer maps a code to a
 * status in one place (`http/error-response.ts`); callers switch on `code`.
 */
export type AppErrorCode =
  | "validation_failed"
  | "invalid_credentials"
  | "unauthenticated"
  | "token_invalid"
  | "token_expired"
  | "token_revoked"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "upload_incomplete"
  | "upload_mismatch"
  | "invalid_state"
  | "signature_invalid"
  | "dependency_unavailable"
  | "misconfigured"
  | "internal";

export interface AppErrorOptions {
  cause?: unknown;
  /** The request field at fault, for validation errors. */
  field?: string;
  /** Seconds, sent as `Retry-After` (rate limits, unavailable dependencies). */
  retryAfter?: number;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly headers: Record<string, string>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.headers = options.headers ?? {};
  }
}

/** A backend (Redis, Data API, S3, RabbitMQ) did not answer or answered with a failure. */
export class DependencyError extends AppError {
  readonly dependency: string;

  constructor(dependency: string, message: string, options: AppErrorOptions = {}) {
    super("dependency_unavailable", `${dependency}: ${message}`, {
      retryAfter: 5,
      ...options,
    });
    this.name = "DependencyError";
    this.dependency = dependency;
  }
}
