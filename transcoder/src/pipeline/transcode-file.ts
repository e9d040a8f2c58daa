import { mkdir, stat, writeFile } from "node:fs/promises";
import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { Rung } from "@coursecast/shared";
import { buildLadderRun } from "./build-ladder-run.ts";
import { canCopyTopRung, streamFacts } from "./copy-eligibility.ts";
import { CAPPED_QUALITY, type EncodingProfile } from "./encoding-profile.ts";
import { finishLadder } from "./finish-ladder.ts";
import { folderSize, grabPoster, remuxDownload, writeStoryboard } from "./finish-outputs.ts";
import { inspectSource, type SourceInfo } from "./inspect-source.ts";
import { LAYOUT, outPath } from "./output-layout.ts";
import { planLadder } from "./plan-ladder.ts";

export interface ManifestRendition {
  name: string;
  width: number;
  height: number;
  /** The master playlist's BANDWIDTH (measured peak) and AVERAGE-BANDWIDTH, audio included. */
  bandwidth: number;
  averageBandwidth: number;
  /** This rung's video alone, measured from its segments, bits per second. */
  averageBitrate: number;
  peakBitrate: number;
  codecs: string;
  playlist: string;
  size: number;
}

/** Every deliverable of one source, paths relative to the output folder. */
export interface Manifest {
  source: SourceInfo;
  /** The top rung is the source's video, stream-copied (no re-encode). */
  topRungCopied: boolean;
  durationSeconds: number;
  width: number;
  height: number;
  renditions: ManifestRendition[];
  masterPlaylist: string;
  mp4: { path: string; size: number };
  mp3: { path: string; size: number } | null;
  poster: { path: string; size: number };
  thumbnails: Array<{ path: string; atSeconds: number }>;
  storyboard: { path: string; size: number };
  totalSize: number;
}

export interface TranscodeOptions {
  ladder: readonly Rung[];
  maxDurationSeconds: number;
  preset: string;
  /** Encoder policy; the capped-quality ladder unless told otherwise (the bench compares). */
  profile?: EncodingProfile;
  /** 0–100 while the ladder encodes. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** The whole pipeline on a local file: the worker and `npm run -w transcoder transcode` both use it. */
export async function transcodeFile(
  source: string,
  outDir: string,
  options: TranscodeOptions,
): Promise<Manifest> {
  // Probed side by side with the inspection: only an H.264 source uses the facts.
  const probedFacts = streamFacts(source).catch(() => null);
  const info = await inspectSource(source, options.maxDurationSeconds);
  const rungs = planLadder(options.ladder, info);
  await mkdir(outPath(outDir, LAYOUT.thumbsDir), { recursive: true });
  for (const name of [...rungs.map((r) => r.name), "audio"])
    await mkdir(outPath(outDir, `${LAYOUT.hlsDir}/${name}`), { recursive: true });

  const facts = info.videoCodec === "h264" ? await probedFacts : null;
  const copyTopRung = facts !== null && canCopyTopRung(facts, rungs[0]!, info);
  const profile = options.profile ?? CAPPED_QUALITY;
  const run = buildLadderRun(source, info, rungs, outDir, options.preset, copyTopRung, profile);
  await runFfmpeg(run, {
    onProgress: (seconds) =>
      options.onProgress?.(Math.min(99, (seconds / info.durationSeconds) * 100)),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const kept = await finishLadder(
    outDir,
    rungs,
    info,
    profile,
    copyTopRung ? facts!.rfc6381 : undefined,
  );
  await remuxDownload(outDir, kept[0]!.rung, info.hasAudio);
  await grabPoster(source, outDir, info);
  const thumbs = await writeStoryboard(outDir, info.durationSeconds);

  const sizeOf = async (relative: string) => (await stat(outPath(outDir, relative))).size;
  const audioSize = info.hasAudio ? await folderSize(outPath(outDir, `${LAYOUT.hlsDir}/audio`)) : 0;
  const renditions: ManifestRendition[] = [];
  for (const { rung, ...measured } of kept) {
    renditions.push({
      ...measured,
      playlist: LAYOUT.rungPlaylist(rung.name),
      size: (await folderSize(outPath(outDir, `${LAYOUT.hlsDir}/${rung.name}`))) + audioSize,
    });
  }
  const manifest: Manifest = {
    source: info,
    topRungCopied: copyTopRung,
    durationSeconds: info.durationSeconds,
    width: info.width,
    height: info.height,
    renditions,
    masterPlaylist: LAYOUT.master,
    mp4: { path: LAYOUT.mp4, size: await sizeOf(LAYOUT.mp4) },
    mp3: info.hasAudio ? { path: LAYOUT.mp3, size: await sizeOf(LAYOUT.mp3) } : null,
    poster: { path: LAYOUT.poster, size: await sizeOf(LAYOUT.poster) },
    thumbnails: thumbs.map((t) => ({ path: t.file, atSeconds: t.atSeconds })),
    storyboard: { path: LAYOUT.storyboard, size: await sizeOf(LAYOUT.storyboard) },
    totalSize: 0,
  };
  manifest.totalSize = await folderSize(outDir);
  await writeFile(outPath(outDir, LAYOUT.manifest), JSON.stringify(manifest, null, 2));
  return manifest;
}
