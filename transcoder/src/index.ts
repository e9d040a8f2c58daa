export { loadWorkerConfig, type WorkerConfig } from "./config.ts";
export { startTranscoderWorker, type TranscoderWorker } from "./queue/worker.ts";

export { transcodeFile, type Manifest } from "./pipeline/transcode-file.ts";
