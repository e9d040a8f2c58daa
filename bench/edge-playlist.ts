/**
 * Time inside workerd (Miniflare) to serve one variant playlist of a 1-hour video
 * (1,800 two-second segments, each rewritten to a presigned GET with aws4fetch), and
 * a batch of 100 presigned part URLs, against the same playlist rewritten without
 * signing, measured in the same run; and the same playlist served from the Workers
 * Cache API, as the edge does after the first viewer; and a growing (EVENT) playlist of the
 * same length while processing, one new segment per request, its earlier lines reused from
 * the Cache API (growing-playlist.ts), as the edge serves a video that is playable but not
 * ready. Clocks are frozen inside a request, so time is
 * taken from outside minus an empty request's round trip.
 *   npm run bench:edge-playlist
 */
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { requestTimer } from "./workerd-timing.ts";
import { fileURLToPath } from "node:url";

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const SEGMENTS = 1800;
const here = fileURLToPath(new URL(".", import.meta.url));

const entry = `
import { rewritePlaylist } from "${here}../edge/src/playback/rewrite-playlist.ts";
import { WorkersTextCache } from "${here}../edge/src/adapters/workers-text-cache.ts";
import { formatGrowingRewrite, parseGrowingRewrite, rewriteGrowingPlaylist } from "${here}../edge/src/playback/growing-playlist.ts";
const cache = new WorkersTextCache();
import { AwsClient } from "aws4fetch";
const aws = new AwsClient({ accessKeyId: "bench", secretAccessKey: "bench-secret", region: "auto", service: "s3" });
const presign = async (key) => {
  const url = new URL("https://account.r2.cloudflarestorage.com/coursecast/" + key);
  url.searchParams.set("X-Amz-Expires", "3600");
  return (await aws.sign(url.toString(), { method: "GET", aws: { signQuery: true } })).url;
};
let playlist = "#EXTM3U\\n#EXT-X-VERSION:7\\n#EXT-X-TARGETDURATION:2\\n#EXT-X-MAP:URI=\\"init.mp4\\"\\n";
for (let i = 0; i < ${SEGMENTS}; i++) playlist += "#EXTINF:2.000,\\nseg_" + String(i).padStart(5, "0") + ".m4s\\n";
playlist += "#EXT-X-ENDLIST\\n";
const key = "videos/v/hls/720p/index.m3u8";
// Growing: the same rung without ENDLIST, one more segment at each request.
let growingHead = "#EXTM3U\\n#EXT-X-VERSION:7\\n#EXT-X-TARGETDURATION:2\\n#EXT-X-PLAYLIST-TYPE:EVENT\\n#EXT-X-MAP:URI=\\"init.mp4\\"\\n";
for (let i = 0; i < ${SEGMENTS}; i++) growingHead += "#EXTINF:2.000,\\nseg_" + String(i).padStart(5, "0") + ".m4s\\n";
let grown = ${SEGMENTS};
export default {
  async fetch(request) {
    const what = new URL(request.url).pathname;
    if (what === "/cached") {
      const hit = await cache.get(key);
      if (hit !== null) return new Response(hit);
      const body = await rewritePlaylist(playlist, key, presign);
      await cache.put(key, body, 3600);
      return new Response(body);
    }
    if (what === "/growing" || what === "/growing-keep") {
      // "/growing-keep": enough new segments that the edge writes its kept rewrite back.
      for (let n = what === "/growing" ? 1 : 32; n > 0; n--)
        growingHead += "#EXTINF:2.000,\\nseg_" + String(grown++).padStart(5, "0") + ".m4s\\n";
      const { body, keep } = await rewriteGrowingPlaylist(growingHead, key, presign, parseGrowingRewrite(await cache.get("growing")), 3600);
      if (keep) await cache.put("growing", formatGrowingRewrite(keep), 3600);
      return new Response(body);
    }
    if (what === "/signed") return new Response(await rewritePlaylist(playlist, key, presign));
    if (what === "/unsigned") return new Response(await rewritePlaylist(playlist, key, async (k) => "https://cdn.example/" + k));
    if (what === "/parts") {
      const urls = await Promise.all(Array.from({ length: 100 }, (_, i) => presign("uploads/v/source?partNumber=" + (i + 1))));
      return new Response(String(urls.length));
    }
    return new Response("ok");
  },
};`;

const bundle = await build({
  stdin: { contents: entry, resolveDir: here, loader: "js" },
  bundle: true,
  format: "esm",
  write: false,
  platform: "neutral",
  mainFields: ["module", "main"],
});
const mf = new Miniflare({
  modules: true,
  script: bundle.outputFiles[0]!.text,
  compatibilityDate: "2026-07-30",
});
const timer = requestTimer(await mf.ready, ROUNDS);

await timer.workMs("/signed"); // warm-up
const signed = await timer.workMs("/signed");
const unsigned = await timer.workMs("/unsigned");
const parts = await timer.workMs("/parts");
await timer.workMs("/cached"); // fills the cache
const cached = await timer.workMs("/cached");
await timer.workMs("/growing"); // fills the growing rewrite
const growing = await timer.workMs("/growing");
const growingKeep = await timer.workMs("/growing-keep");
console.log(
  JSON.stringify({
    bench: "edge-playlist",
    rounds: ROUNDS,
    segments: SEGMENTS,
    variantPlaylist1hMs: +signed.toFixed(1),
    unsignedBaselineMs: +unsigned.toFixed(1),
    ratioSignedToUnsigned: +(signed / Math.max(unsigned, 0.1)).toFixed(1),
    perSegmentUs: +((signed / SEGMENTS) * 1000).toFixed(1),
    presign100PartsMs: +parts.toFixed(1),
    cachedVariantPlaylist1hMs: +cached.toFixed(1),
    ratioSignedToCached: +(signed / Math.max(cached, 0.1)).toFixed(1),
    growingVariantPlaylist1hMs: +growing.toFixed(1),
    ratioSignedToGrowing: +(signed / Math.max(growing, 0.1)).toFixed(1),
    growingKeep32SegmentsMs: +growingKeep.toFixed(1),
  }),
);
await mf.dispose();
