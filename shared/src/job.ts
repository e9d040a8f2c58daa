import { z } from "zod";
import { RungSchema } from "./ladder.ts";

/** The message the edge publishes on the `transcode` queue (see DESIGN.md). */
export const TranscodeJobSchema = z.object({
  jobId: z.string().min(1),
  videoId: z.string().min(1),
  attempt: z.number().int().nonnegative(),
  source: z.object({
    bucket: z.string().min(1),
    key: z.string().min(1),
    size: z.number().int().nonnegative(),
    contentType: z.string().min(1),
    /** The ETag checked at completion: the transcoder reads the source only if it still matches. */
    etag: z.string().min(1).optional(),
  }),
  output: z.object({
    bucket: z.string().min(1),
    prefix: z.string().min(1),
  }),
  ladder: z.array(RungSchema).min(1),
  webhookUrl: z.url(),
  requestedAt: z.iso.datetime(),
});
export type TranscodeJob = z.infer<typeof TranscodeJobSchema>;
