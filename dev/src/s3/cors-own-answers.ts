import { setErrorCorsHeaders } from "./cors.ts";
import type { KoaContext, KoaMiddleware } from "./koa-context.ts";

type WithResponseHeaders = KoaContext & { response: { get(name: string): string } };

/**
 * The stand-in's own answers (ListParts, CompleteMultipartUpload, AbortMultipartUpload)
 * never reach s3rver's CORS middleware; S3 applies the bucket's rule to them too, and
 * browser uploaders (Uppy) read them from the page.
 */
export function corsOnOwnAnswers(corsOrigins: string[]): KoaMiddleware {
  return async function corsOnOwnAnswers(ctx, next) {
    await next();
    const answered = (ctx as WithResponseHeaders).response.get("Access-Control-Allow-Origin");
    if (ctx.method !== "OPTIONS" && !answered) setErrorCorsHeaders(ctx, corsOrigins);
  };
}
