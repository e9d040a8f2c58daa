// Types `exports.default` from "cloudflare:workers" (wrangler types leaves GlobalProps empty here).
type MainModule = typeof import("./index.ts");

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: MainModule;
  }
}
