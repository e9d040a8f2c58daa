import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.ts";
import { AppError } from "../errors.ts";

interface Issues {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/**
 * The one shape of a validation failure: 400 `validation_failed` naming the
 * first field at fault, so clients can point at the right form input.
 */
export function invalidInput(error: Issues): AppError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join(".") : undefined;
  const message = issue ? `${field ?? "body"}: ${issue.message}` : "Invalid request";
  return new AppError("validation_failed", message, field ? { field } : {});
}

/** zod failures at the route boundary: thrown, so `app.onError` answers them like any error. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw invalidInput(result.error);
};
