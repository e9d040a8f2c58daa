import { z } from "zod";

export const RungSchema = z.object({
  name: z.string().regex(/^[a-z0-9_-]+$/),
  height: z.number().int().positive(),
  /** Video bitrate cap in bits per second. */
  videoBitrate: z.number().int().positive(),
});
export type Rung = z.infer<typeof RungSchema>;

/** The default H.264 ladder; rungs above the source height are skipped, never upscaled. */
export const DEFAULT_LADDER: readonly Rung[] = [
  { name: "1080p", height: 1080, videoBitrate: 5_000_000 },
  { name: "720p", height: 720, videoBitrate: 2_800_000 },
  { name: "480p", height: 480, videoBitrate: 1_400_000 },
  { name: "360p", height: 360, videoBitrate: 800_000 },
];
