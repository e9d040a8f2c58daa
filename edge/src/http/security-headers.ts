import type { MiddlewareHandler } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../app-env.ts";
import { loadConfig, type Config } from "../config.ts";

const HSTS = "max-age=31536000; includeSubDomains";
const DOCS_PATH = "/docs";

/**
 * The console plays and uploads straight from storage (presigned URLs, hls.js
 * over MSE blobs): media, images and requests may reach the storage origin;
 * scripts come from this origin only; no one may frame the console.
 */
function headersFor(config: Config, docs: boolean): MiddlewareHandler {
  const storage = new URL(config.S3_ENDPOINT).origin;
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // /docs: the API reference's inline initialiser carries a per-response nonce.
      scriptSrc: docs ? ["'self'", NONCE] : ["'self'"],
      // The API reference injects its styles at run time.
      styleSrc: docs ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      imgSrc: ["'self'", "data:", "blob:", storage],
      mediaSrc: ["'self'", "blob:", storage],
      connectSrc: ["'self'", storage],
      workerSrc: ["'self'", "blob:"],
      fontSrc: ["'self'", "data:"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: "strict-origin-when-cross-origin",
    xFrameOptions: "DENY",
    // Browsers ignore HSTS over plain HTTP; sent where the Worker is public (production).
    strictTransportSecurity: config.PUBLIC_URL.startsWith("https://") ? HSTS : false,
    // Presigned media and the console's cross-origin API callers must still load.
    crossOriginResourcePolicy: false,
  });
}

const cache = new WeakMap<Config, { app: MiddlewareHandler; docs: MiddlewareHandler }>();

/** Hono's secureHeaders on every response, the policy built once per configuration. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async function securityHeaders(c, next) {
    const config = loadConfig(c.env);
    let handlers = cache.get(config);
    if (!handlers) {
      handlers = { app: headersFor(config, false), docs: headersFor(config, true) };
      cache.set(config, handlers);
    }
    const handler = c.req.path === DOCS_PATH ? handlers.docs : handlers.app;
    return handler(c, next);
  };
}

/** Token responses and the account view must never be kept by a cache. */
export function noStore(): MiddlewareHandler<AppEnv> {
  return async function noStore(c, next) {
    await next();
    c.header("Cache-Control", "no-store");
  };
}
