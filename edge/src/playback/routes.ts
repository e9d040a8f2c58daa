import { createRoute, z } from "@hono/zod-openapi";
import { videoOutputPrefix } from "@coursecast/shared";
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { authenticate } from "../auth/middleware.ts";
import { issueViewerPlaybackToken } from "../courses/viewer-playback-token.ts";
import { AppError } from "../errors.ts";
import { createRouter } from "../http/create-router.ts";
import { errorResponse } from "../http/schemas.ts";
import { loadViewableVideo } from "../videos/access.ts";
import type { Viewer } from "../courses/access.ts";
import type { VideoRecord } from "../domain/video.ts";
import {
  authorizePlayback,
  playbackOf,
  readyOutputs,
  type Playback,
} from "./authorize-playback.ts";
import {
  formatGrowingRewrite,
  isComplete,
  parseGrowingRewrite,
  rewriteGrowingPlaylist,
} from "./growing-playlist.ts";
import { rewritePlaylist } from "./rewrite-playlist.ts";
import { PlaybackLinksSchema } from "./schemas.ts";

const Params = z.object({ id: z.uuid() });
const TokenQuery = z.object({ token: z.string().max(200).optional() });
const security = [{ bearerAuth: [] }];
const PLAYLIST = "application/vnd.apple.mpegurl";

function downloadName(video: VideoRecord, extension: string): string {
  // Characters file systems refuse, and control characters.
  const base =
    [...video.title]
      .map((ch) => (/[\\/:*?"<>|]/.test(ch) || ch.charCodeAt(0) < 32 ? " " : ch))
      .join("")
      .trim() || "video";
  return `${base.slice(0, 150)}.${extension}`;
}

/** Complete playlists may sit in the player's cache; growing ones are read again every time. */
const playlistResponse = (c: Context<AppEnv>, body: string, growing: boolean) =>
  c.body(body, 200, {
    "content-type": PLAYLIST,
    "cache-control": growing ? "private, no-cache" : "private, max-age=60",
  });

/**
 * Serves one of the video's playlists with every URI made directly usable. A
 * complete variant playlist holds only presigned segment URLs, the same for every
 * viewer: it is rewritten once and then served from the edge cache (presigning 1,800
 * segments of a 1-hour rung costs about 100 ms of CPU). Its URLs are signed for
 * twice the playback TTL and cached for one TTL, so a served URL is always good
 * for at least the TTL. A growing variant playlist (no `#EXT-X-ENDLIST`, while
 * processing) is read from storage on every request and only its new lines are
 * presigned (`growing-playlist.ts`). The master playlist carries the viewer's
 * token: never cached.
 */
async function servePlaylist(
  c: Context<AppEnv>,
  { video, master }: Playback,
  key: string,
  viewer: Viewer,
): Promise<Response> {
  const services = c.get("services");
  const hlsDir = master.split("/").slice(0, -1).join("/") + "/";
  if (!key.startsWith(hlsDir) || key.includes(".."))
    throw new AppError("not_found", "No such playlist");
  const ttl = services.config.PLAYBACK_URL_TTL_SECONDS;
  const isMaster = key === master;
  // readyAt (playableAt while processing) and the job change whenever the playlists may
  // be written anew: an entry of the growing phase or of an earlier run is never read again.
  const cacheKey = `${key}@${video.readyAt ?? video.playableAt ?? ""}#${video.jobId ?? ""}`;
  if (!isMaster) {
    const cached = await services.playlists.get(cacheKey);
    if (cached !== null) return playlistResponse(c, cached, false);
  }
  const text = await services.objects.getText(key);
  if (text === null) throw new AppError("not_found", "No such playlist");
  const token =
    c.req.query("token") ??
    (await issueViewerPlaybackToken(services.config.WEBHOOK_SECRET, video._id, viewer, ttl));
  const origin = new URL(c.req.url).origin;
  let perViewer = false;
  const urlFor = async (target: string) => {
    if (!target.startsWith(hlsDir)) return null;
    if (target.endsWith(".m3u8")) {
      perViewer = true;
      return `${origin}/videos/${video._id}/playback/${target.slice(hlsDir.length)}?token=${token}`;
    }
    return services.objects.presignGet(target, { expiresIn: 2 * ttl });
  };
  if (isMaster) {
    // The growing master gains rungs as they get ahead: never kept by the player either.
    const body = await rewritePlaylist(text, key, urlFor);
    return playlistResponse(c, body, video.state !== "ready");
  }
  if (isComplete(text)) {
    const body = await rewritePlaylist(text, key, urlFor);
    if (!perViewer) await services.playlists.put(cacheKey, body, ttl);
    return playlistResponse(c, body, false);
  }
  const growingKey = `${cacheKey}+growing`;
  const { body, keep } = await rewriteGrowingPlaylist(
    text,
    key,
    urlFor,
    parseGrowingRewrite(await services.playlists.get(growingKey)),
    ttl,
  );
  if (keep && !perViewer) {
    // Kept no longer than its oldest URL stays good for a full TTL.
    const left = Math.floor(ttl - (Date.now() - keep.signedAt) / 1000);
    if (left > 0) await services.playlists.put(growingKey, formatGrowingRewrite(keep), left);
  }
  return playlistResponse(c, body, true);
}

export const playbackRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/playback",
      tags: ["playback"],
      summary: "Short-lived links for players and downloads (master playlist, poster, MP4, MP3)",
      description:
        "Available once the video is watchable: ready, or still processing but playable. While processing (`processing: true`) the master lists the qualities done so far and its playlists grow (`#EXT-X-PLAYLIST-TYPE:EVENT`); poster, MP4, MP3 and storyboard are null until ready. Ask again when the video turns ready for the full ladder.",
      security,
      middleware: [authenticate()] as const,
      request: { params: Params },
      responses: {
        200: {
          description: "Links",
          content: { "application/json": { schema: PlaybackLinksSchema } },
        },
        404: errorResponse("Not watchable yet, or not visible"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadViewableVideo(services, c.get("user"), c.req.valid("param").id);
      const playback = playbackOf(video);
      if (!playback) throw new AppError("not_found", "The video cannot be watched yet");
      const ttl = services.config.PLAYBACK_URL_TTL_SECONDS;
      const token = await issueViewerPlaybackToken(
        services.config.WEBHOOK_SECRET,
        video._id,
        c.get("user"),
        ttl,
      );
      const { outputs } = playback;
      const get = (key: string, name?: string) =>
        services.objects.presignGet(key, {
          expiresIn: ttl,
          ...(name ? { downloadName: name } : {}),
        });
      return c.json(
        {
          master: `${new URL(c.req.url).origin}/videos/${video._id}/playback/master.m3u8?token=${token}`,
          processing: playback.processing,
          poster: outputs ? await get(outputs.poster.key) : null,
          mp4: outputs ? await get(outputs.mp4.key, downloadName(video, "mp4")) : null,
          mp3: outputs?.mp3 ? await get(outputs.mp3.key, downloadName(video, "mp3")) : null,
          storyboard: outputs?.storyboard ? await get(outputs.storyboard.key) : null,
          expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/playback/master.m3u8",
      tags: ["playback"],
      summary: "The HLS master playlist, variant URIs pointing back here with the playback token",
      request: { params: Params, query: TokenQuery },
      responses: {
        200: {
          description: "HLS master playlist",
          content: { [PLAYLIST]: { schema: z.string() } },
        },
        401: errorResponse("No valid token"),
        404: errorResponse("Not playable"),
      },
    }),
    async (c) => {
      const { playback, viewer } = await authorizePlayback(c, c.req.valid("param").id);
      return servePlaylist(c, playback, playback.master, viewer);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/playback/{rendition}/{file}",
      tags: ["playback"],
      summary: "A variant playlist, every segment and init segment as a short-lived presigned GET",
      request: {
        params: Params.extend({
          rendition: z.string().regex(/^[a-z0-9_-]{1,32}$/),
          file: z.string().regex(/^[a-z0-9_-]{1,64}\.m3u8$/),
        }),
        query: TokenQuery,
      },
      responses: {
        200: { description: "HLS media playlist", content: { [PLAYLIST]: { schema: z.string() } } },
        401: errorResponse("No valid token"),
        404: errorResponse("Not playable"),
      },
    }),
    async (c) => {
      const { id, rendition, file } = c.req.valid("param");
      const { playback, viewer } = await authorizePlayback(c, id);
      const hlsDir = playback.master.split("/").slice(0, -1).join("/");
      return servePlaylist(c, playback, `${hlsDir}/${rendition}/${file}`, viewer);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/download",
      tags: ["playback"],
      summary: "302 to a presigned download (MP4 or MP3) with a Content-Disposition file name",
      security,
      request: { params: Params, query: TokenQuery.extend({ format: z.enum(["mp4", "mp3"]) }) },
      responses: {
        302: { description: "Redirect to the file" },
        404: errorResponse("Not ready (still processing) or no such format"),
      },
    }),
    async (c) => {
      const { format } = c.req.valid("query");
      const { playback } = await authorizePlayback(c, c.req.valid("param").id);
      const { video } = playback;
      const outputs = readyOutputs(playback);
      const file = format === "mp4" ? outputs.mp4 : outputs.mp3;
      if (!file) throw new AppError("not_found", `No ${format} for this video`);
      const services = c.get("services");
      return c.redirect(
        await services.objects.presignGet(file.key, {
          expiresIn: 300,
          downloadName: downloadName(video, format),
        }),
        302,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/poster",
      tags: ["playback"],
      summary: "302 to the poster frame (or thumbnail n with ?n=)",
      security,
      request: {
        params: Params,
        query: TokenQuery.extend({ n: z.coerce.number().int().min(0).max(100_000).optional() }),
      },
      responses: {
        302: { description: "Redirect to the image" },
        404: errorResponse("Not ready (still processing)"),
      },
    }),
    async (c) => {
      const { playback } = await authorizePlayback(c, c.req.valid("param").id);
      const { video } = playback;
      const outputs = readyOutputs(playback);
      const { n } = c.req.valid("query");
      const key = n === undefined ? outputs.poster.key : outputs.thumbnails[n]?.key;
      if (!key || !key.startsWith(videoOutputPrefix(video._id)))
        throw new AppError("not_found", "No such image");
      return c.redirect(await c.get("services").objects.presignGet(key, { expiresIn: 300 }), 302);
    },
  );
