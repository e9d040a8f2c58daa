import type { KoaContext, KoaMiddleware } from "./koa-context.ts";
import { escapeXml } from "./s3-error.ts";

const ALLOWED_METHODS = ["GET", "PUT", "POST", "HEAD", "DELETE"];
const EXPOSED_HEADERS = ["ETag"];
const MAX_AGE_SECONDS = 3000;

/** The bucket CORS rule browsers need for direct uploads: ETag must be readable for multipart. */
export function corsConfigXml(origins: string[]): string {
  const rule = [
    ...origins.map((o) => `<AllowedOrigin>${escapeXml(o)}</AllowedOrigin>`),
    ...ALLOWED_METHODS.map((m) => `<AllowedMethod>${m}</AllowedMethod>`),
    "<AllowedHeader>*</AllowedHeader>",
    ...EXPOSED_HEADERS.map((h) => `<ExposeHeader>${h}</ExposeHeader>`),
    `<MaxAgeSeconds>${MAX_AGE_SECONDS}</MaxAgeSeconds>`,
  ].join("");
  return `<CORSConfiguration><CORSRule>${rule}</CORSRule></CORSConfiguration>`;
}

function originAllowed(origin: string, origins: string[]): boolean {
  return origins.includes("*") || origins.includes(origin);
}

/**
 * Error documents carry the CORS headers S3 would send, so a browser can read
 * a 403 or 404 instead of seeing an opaque network error.
 */
export function setErrorCorsHeaders(ctx: KoaContext, origins: string[]): void {
  const origin = ctx.get("origin");
  if (!origin || !originAllowed(origin, origins)) return;
  ctx.set("Access-Control-Allow-Origin", origin);
  ctx.set("Access-Control-Expose-Headers", EXPOSED_HEADERS.join(", "));
  ctx.set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
}

/** S3 echoes the matched origin on preflights; s3rver answers `*`, which credentialed requests reject. */
export function echoPreflightOrigin(): KoaMiddleware {
  return async function echoPreflightOrigin(ctx, next) {
    await next();
    const origin = ctx.get("origin");
    if (ctx.method === "OPTIONS" && ctx.status === 200 && origin)
      ctx.set("Access-Control-Allow-Origin", origin);
  };
}
