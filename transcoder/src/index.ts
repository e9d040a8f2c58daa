export { loadWorkerConfig, type WorkerConfig } from "./config.ts";
export { startTranscoderWorker, type TranscoderWorker } from "./queue/worker.ts";

export { transcodeFile, type Manifest } from "./pipeline/transcode-file.ts";
export { processJob, type JobOutcome } from "./pipeline/process-job.ts";
export { createS3, downloadObject, uploadFolder } from "./storage.ts";
export { createLogger } from "./log.ts";
export { WebhookClient } from "./webhook-client.ts";

// The top rung's analysis pass, for bench/transcode.ts to time on its own.
export { canCopyTopRung } from "./pipeline/copy-eligibility.ts";
export { CAPPED_QUALITY } from "./pipeline/encoding-profile.ts";
export { inspectSource } from "./pipeline/inspect-source.ts";
export { planLadder } from "./pipeline/plan-ladder.ts";
export { copyIsWorthIt, sampleTopRung } from "./pipeline/top-rung-choice.ts";
