import { setErrorCorsHeaders } from "./cors.ts";
import type { KoaMiddleware } from "./koa-context.ts";
import { errorXml, S3StandInError } from "./s3-error.ts";

/**
 * The outermost middleware: the stand-in's own errors become S3's XML error
 * document, with the CORS headers a browser needs to read it. s3rver renders
 * its own errors (keeping the CORS headers its CORS middleware set).
 */
export function errorResponses(corsOrigins: string[]): KoaMiddleware {
  return async function errorResponses(ctx, next) {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof S3StandInError)) throw err;
      ctx.status = err.status;
      ctx.type = "application/xml";
      ctx.body = ctx.method === "HEAD" ? "" : errorXml(err.code, err.message, ctx.path);
      setErrorCorsHeaders(ctx, corsOrigins);
    }
  };
}
