import { statesWithJob } from "@coursecast/shared";
import { createLogger } from "../log.ts";
import type { Services } from "../ports/services.ts";
import { deleteSupersededRenditions } from "./delete-superseded.ts";
import { purgeDeletedVideo } from "./delete-video.ts";
import { publishJob } from "./publish-job.ts";

const BATCH = 50;

export interface SweepReport {
  republished: number;
  expired: number;
  purged: number;
  /** Videos whose superseded renditions (served while processing) were deleted. */
  superseded: number;
  errors: number;
}

/**
 * The cron sweeper: republishes jobs stuck in `uploaded`/`queued` (a lost
 * publish or message) or in `processing` without progress (a lost lease), expires uploads past their deadline (abort the
 * multipart upload, delete the temporary object, mark `failed`), finishes
 * deletions interrupted part-way, and deletes renditions superseded at `ready`
 * once their grace period is over. Each video is handled on its own: one
 * failure never stops the sweep.
 */
export async function runSweeper(services: Services, now = new Date()): Promise<SweepReport> {
  const { config, videos, objects } = services;
  const log = createLogger({ component: "sweeper" });
  const report: SweepReport = {
    republished: 0,
    expired: 0,
    purged: 0,
    superseded: 0,
    errors: 0,
  };
  const guard = async (videoId: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      report.errors++;
      log.error("Cannot sweep video", { videoId, err });
    }
  };

  const stuckBefore = new Date(now.getTime() - config.STUCK_JOB_SECONDS * 1000).toISOString();
  // `processing` with a silent progress heartbeat: a worker that held the job as a lease
  // (long jobs, see the transcoder README) and vanished.
  for (const video of await videos.findStale(statesWithJob(), stuckBefore, BATCH)) {
    await guard(video._id, async () => {
      if (await publishJob(services, video)) report.republished++;
    });
  }

  for (const video of await videos.findStale(["awaiting_upload"], now.toISOString(), BATCH)) {
    if (video.upload.expiresAt > now.toISOString()) continue;
    await guard(video._id, async () => {
      if (video.upload.type === "multipart" && video.upload.uploadId)
        await objects.abortMultipart(video.upload.key, video.upload.uploadId);
      await objects.deleteObject(video.upload.key);
      const moved = await videos.failUpload(video, {
        reason: "upload_expired",
        message: "The upload was not completed in time",
      });
      if (moved) report.expired++;
    });
  }

  for (const video of await videos.findStale(["deleted"], now.toISOString(), BATCH)) {
    await guard(video._id, async () => {
      await purgeDeletedVideo(services, video);
      report.purged++;
    });
  }

  report.superseded = await deleteSupersededRenditions(services, now, (videoId, err) => {
    report.errors++;
    log.error("Cannot delete superseded renditions", { videoId, err });
  });
  log.info("sweep done", { ...report });
  return report;
}
