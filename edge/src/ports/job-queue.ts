import type { TranscodeJob } from "@coursecast/shared";

/** Where transcode jobs go (RabbitMQ through its HTTP API). Throws DependencyError when not routed. */
export interface JobQueue {
  publish(job: TranscodeJob): Promise<void>;
  /** Throws when the broker cannot be reached. */
  ping(): Promise<void>;
}
