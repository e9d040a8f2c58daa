import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { S3StandInError } from "./s3-error.ts";

/** The part of Koa's context the stand-in's middleware uses (s3rver ships no types). */
export interface KoaContext {
  method: string;
  /** Percent-encoded path as sent. */
  path: string;
  querystring: string;
  /** The request's own header object: changes are seen by s3rver. */
  headers: IncomingHttpHeaders;
  status: number;
  body: unknown;
  type: string;
  /** The request body s3rver reads; the stand-in may swap in a decoded or checked stream. */
  req: Readable;
  set(name: string, value: string): void;
  get(name: string): string;
}

export type KoaNext = () => Promise<void>;
export type KoaMiddleware = (ctx: KoaContext, next: KoaNext) => Promise<void>;

/** decodeURIComponent that answers S3's InvalidURI instead of throwing a URIError (a 500). */
export function decodeComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new S3StandInError(400, "InvalidURI", "Couldn't parse the specified URI.");
  }
}

/** Query parameters in the order sent, decoded; `+` is a space as S3 reads it. */
export function rawQuery(ctx: KoaContext): Array<[string, string]> {
  if (!ctx.querystring) return [];
  return ctx.querystring.split("&").map((pair) => {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    return [
      decodeComponent(name.replace(/\+/g, "%20")),
      decodeComponent(value.replace(/\+/g, "%20")),
    ];
  });
}

/** Bucket and key of a path-style request (the only style the stand-in serves). */
export function pathTarget(ctx: KoaContext): { bucket: string; key: string } {
  const [, bucket = "", ...rest] = ctx.path.split("/");
  return { bucket: decodeComponent(bucket), key: rest.map(decodeComponent).join("/") };
}

export function header(ctx: KoaContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}
