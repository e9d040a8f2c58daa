import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.ts";
import { errorBody } from "./error-response.ts";

/**
 * zod failures at the boundary become 400 `validation_failed` naming the first
 * field at fault, so clients can point at the right form input.
 */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join(".") : undefined;
  const message = issue ? `${field ?? "body"}: ${issue.message}` : "Invalid request";
  return c.json(errorBody("validation_failed", message, field), 400);
};
