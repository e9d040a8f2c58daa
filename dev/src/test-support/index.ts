// Test support shared by every test folder's Node code (not the workerd tests): import
// from `@coursecast/dev/test-support`.
export * from "./clip.ts";
export * from "./s3-client.ts";
export * from "./run-namespace.ts";
export * from "./queue.ts";
