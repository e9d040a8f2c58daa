import { z } from "@hono/zod-openapi";

export const PlaybackLinksSchema = z
  .object({
    master: z.string(),
    processing: z.boolean().openapi({
      description:
        "True while the video is still processing: the master lists the qualities done so far, its playlists grow, more qualities come. Fetch the links again once the video is ready.",
    }),
    poster: z.string().nullable().openapi({ description: "null while processing" }),
    mp4: z.string().nullable().openapi({ description: "null while processing" }),
    mp3: z
      .string()
      .nullable()
      .openapi({ description: "null while processing, or for a video without sound" }),
    storyboard: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi("PlaybackLinks");

export type PlaybackLinks = z.infer<typeof PlaybackLinksSchema>;
