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
import { authorizePlayback, isReady, type ReadyVideo } from "./authorize-playback.ts";
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

const playlistResponse = (c: Context<AppEnv>, body: string) =>
  c.body(body, 200, { "content-type": PLAYLIST, "cache-control": "private, max-age=60" });

/**
 * Serves one of the video's playlists with every URI made directly usable. A
 * variant playlist holds only presigned segment URLs, the same for every viewer:
 * it is rewritten once and then served from the edge cache (presigning 1,800
 * segments of a 1-hour rung costs about 100 ms of CPU). Its URLs are signed for
 * twice the playback TTL and cached for one TTL, so a served URL is always good
 * for at least the TTL. The master playlist carries the viewer's token: never cached.
 */
async function servePlaylist(
  c: Context<AppEnv>,
  video: ReadyVideo,
  key: string,
  viewer: Viewer,
): Promise<Response> {
  const services = c.get("services");
  const hlsDir = video.outputs.masterPlaylist.split("/").slice(0, -1).join("/") + "/";
  if (!key.startsWith(hlsDir) || key.includes(".."))
    throw new AppError("not_found", "No such playlist");
  const ttl = services.config.PLAYBACK_URL_TTL_SECONDS;
  const isMaster = key === video.outputs.masterPlaylist;
  // readyAt changes if the video is ever processed again: old entries are never read.
  const cacheKey = `${key}@${video.readyAt ?? ""}`;
  if (!isMaster) {
    const cached = await services.playlists.get(cacheKey);
    if (cached !== null) return playlistResponse(c, cached);
  }
  const text = await services.objects.getText(key);
  if (text === null) throw new AppError("not_found", "No such playlist");
  const token =
    c.req.query("token") ??
    (await issueViewerPlaybackToken(services.config.WEBHOOK_SECRET, video._id, viewer, ttl));
  const origin = new URL(c.req.url).origin;
  let perViewer = false;
  const body = await rewritePlaylist(text, key, async (target) => {
    if (!target.startsWith(hlsDir)) return null;
    if (target.endsWith(".m3u8")) {
      perViewer = true;
      return `${origin}/videos/${video._id}/playback/${target.slice(hlsDir.length)}?token=${token}`;
    }
    return services.objects.presignGet(target, { expiresIn: 2 * ttl });
  });
  if (!perViewer) await services.playlists.put(cacheKey, body, ttl);
  return playlistResponse(c, body);
}

export const playbackRoutes = createRouter()
  .openapi(
    createRoute({
      method: "get",
      path: "/videos/{id}/playback",
      tags: ["playback"],
      summary: "Short-lived links for players and downloads (master playlist, poster, MP4, MP3)",
      security,
      middleware: [authenticate()] as const,
      request: { params: Params },
      responses: {
        200: {
          description: "Links",
          content: { "application/json": { schema: PlaybackLinksSchema } },
        },
        404: errorResponse("Not ready or not visible"),
      },
    }),
    async (c) => {
      const services = c.get("services");
      const video = await loadViewableVideo(services, c.get("user"), c.req.valid("param").id);
      if (!isReady(video)) throw new AppError("not_found", "The video is not ready");
      const ttl = services.config.PLAYBACK_URL_TTL_SECONDS;
      const token = await issueViewerPlaybackToken(
        services.config.WEBHOOK_SECRET,
        video._id,
        c.get("user"),
        ttl,
      );
      const { outputs } = video;
      const get = (key: string, name?: string) =>
        services.objects.presignGet(key, {
          expiresIn: ttl,
          ...(name ? { downloadName: name } : {}),
        });
      return c.json(
        {
          master: `${new URL(c.req.url).origin}/videos/${video._id}/playback/master.m3u8?token=${token}`,
          poster: await get(outputs.poster.key),
          mp4: await get(outputs.mp4.key, downloadName(video, "mp4")),
          mp3: outputs.mp3 ? await get(outputs.mp3.key, downloadName(video, "mp3")) : null,
          storyboard: outputs.storyboard ? await get(outputs.storyboard.key) : null,
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
      const { video, viewer } = await authorizePlayback(c, c.req.valid("param").id);
      return servePlaylist(c, video, video.outputs.masterPlaylist, viewer);
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
      const { video, viewer } = await authorizePlayback(c, id);
      const hlsDir = video.outputs.masterPlaylist.split("/").slice(0, -1).join("/");
      return servePlaylist(c, video, `${hlsDir}/${rendition}/${file}`, viewer);
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
        404: errorResponse("Not ready or no such format"),
      },
    }),
    async (c) => {
      const { format } = c.req.valid("query");
      const { video } = await authorizePlayback(c, c.req.valid("param").id);
      const file = format === "mp4" ? video.outputs.mp4 : video.outputs.mp3;
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
      responses: { 302: { description: "Redirect to the image" }, 404: errorResponse("Not ready") },
    }),
    async (c) => {
      const { video } = await authorizePlayback(c, c.req.valid("param").id);
      const { n } = c.req.valid("query");
      const key = n === undefined ? video.outputs.poster.key : video.outputs.thumbnails[n]?.key;
      if (!key || !key.startsWith(videoOutputPrefix(video._id)))
        throw new AppError("not_found", "No such image");
      return c.redirect(await c.get("services").objects.presignGet(key, { expiresIn: 300 }), 302);
    },
  );
