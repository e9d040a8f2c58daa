import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { logger } from "../log.ts";

/**
 * Runs work after the response (`waitUntil`), so its duration does not show in the
 * answer: whether an e-mail was sent cannot be timed from outside. Outside a
 * Workers request (an app called directly, as some tests do) it is awaited instead.
 */
export async function inBackground(
  c: Context<AppEnv>,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  const task = work().catch((err: unknown) => logger(c).error(`Cannot ${what}`, { err }));
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(task);
  else await task;
}
