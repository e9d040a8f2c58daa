export * from "./stack.ts";
export * from "./stack-config.ts";
export * from "./s3/index.ts";
export * from "./upstash/index.ts";
export * from "./keys/private-jwk.ts";
