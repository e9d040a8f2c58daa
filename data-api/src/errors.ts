/**
 * What went wrong, named as Atlas's Data API named it in `error_code` where it
 * had a name for it. The HTTP layer maps each code to a status in one place
 * (`app.ts`).
 */
export type DataApiErrorCode =
  | "InvalidSession" // missing or wrong api-key
  | "InvalidParameter" // malformed body, bad filter or update, unsupported operator or stage
  | "NotFound" // no such action
  | "DuplicateKey" // a write would break a unique index
  | "PayloadTooLarge"
  | "BackendUnavailable" // the database cannot be reached
  | "InternalServerError";

export class DataApiError extends Error {
  readonly code: DataApiErrorCode;

  constructor(code: DataApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DataApiError";
    this.code = code;
  }
}

/** A duplicate key on a unique index, whichever backend raised it; the message always carries MongoDB's `E11000 duplicate key error`. */
export class DuplicateKeyError extends DataApiError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      "DuplicateKey",
      detail.includes("E11000") ? detail : `E11000 duplicate key error ${detail}`,
      options,
    );
    this.name = "DuplicateKeyError";
  }
}

/** The client asked for something invalid, or something this backend cannot run. */
export class InvalidParameterError extends DataApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("InvalidParameter", message, options);
    this.name = "InvalidParameterError";
  }
}
