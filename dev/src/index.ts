export * from "./stack.ts";
export * from "./stack-config.ts";
export * from "./s3/index.ts";
export * from "./upstash/index.ts";
export * from "./keys/private-jwk.ts";
export * from "./dev-stack-process.ts";
export * from "./free-port.ts";
export * from "./dev-namespace.ts";
