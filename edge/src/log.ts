import type { Context } from "hono";

type Fields = Record<string, unknown>;

function serialise(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value;
  }
  return out;
}

export interface Logger {
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

/** Structured JSON logs; Workers observability indexes the fields. */
export function createLogger(base: Fields): Logger {
  const write = (level: string, msg: string, fields: Fields = {}) =>
    console.log(JSON.stringify({ level, msg, ...base, ...serialise(fields) }));
  return {
    info: (msg, fields) => write("info", msg, fields),
    warn: (msg, fields) => write("warn", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
  };
}

export function logger(c: Context): Logger {
  const requestId = (c.get("requestId") as string | undefined) ?? "unknown";
  return createLogger({ requestId });
}
