type Fields = Record<string, unknown>;

function serialise(fields: Fields): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      v instanceof Error ? { name: v.name, message: v.message } : v,
    ]),
  );
}

export interface Logger {
  info(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** Structured JSON lines, each with the job id when there is one. */
export function createLogger(base: Fields = {}): Logger {
  const write = (level: string, msg: string, fields: Fields = {}) =>
    process.stdout.write(
      `${JSON.stringify({ level, component: "transcoder", msg, ...base, ...serialise(fields) })}\n`,
    );
  return {
    info: (msg, fields) => write("info", msg, fields),
    error: (msg, fields) => write("error", msg, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}
