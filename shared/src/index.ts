export * from "./constants.ts";
export * from "./ladder.ts";
export * from "./video-state.ts";
export * from "./job.ts";
export * from "./webhook-events.ts";
export * from "./hmac.ts";
export * from "./webhook-signature.ts";
export * from "./queue-topology.ts";
