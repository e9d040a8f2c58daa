import { z } from "@hono/zod-openapi";

export const PlaybackLinksSchema = z
  .object({
    master: z.string(),
    poster: z.string().nullable(),
    mp4: z.string(),
    mp3: z.string().nullable(),
    storyboard: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi("PlaybackLinks");

export type PlaybackLinks = z.infer<typeof PlaybackLinksSchema>;
