export { loadWorkerConfig, type WorkerConfig } from "./config.ts";
export { startTranscoderWorker, type TranscoderWorker } from "./queue/worker.ts";

export { transcodeFile, type Manifest } from "./pipeline/transcode-file.ts";
export { processJob, type JobOutcome } from "./pipeline/process-job.ts";
export { createS3, downloadObject, uploadFolder } from "./storage.ts";
export { createLogger } from "./log.ts";
export { WebhookClient } from "./webhook-client.ts";
