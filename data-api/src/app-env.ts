import type { RequestIdVariables } from "hono/request-id";

/** What the gateway's middleware puts on the Hono context. */
export type AppEnv = {
  Variables: RequestIdVariables & {
    action?: string;
    database?: string;
    collection?: string;
  };
};
