import { loadWorkerConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { startTranscoderWorker } from "./queue/worker.ts";

const logger = createLogger();
const worker = startTranscoderWorker(loadWorkerConfig());
worker.ready.catch((err: unknown) => {
  logger.error("Cannot start consuming", { err });
  process.exit(1);
});

// SIGTERM is a spot VM's preemption notice: stop ffmpeg, hand jobs back, exit within 10 s.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info("shutting down", { signal });
    void worker.stop().then(() => process.exit(0));
  });
}
