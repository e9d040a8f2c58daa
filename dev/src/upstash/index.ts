export { startUpstashShim, type UpstashShim, type UpstashShimOptions } from "./server.ts";
