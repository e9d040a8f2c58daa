import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFfmpeg } from "../ffmpeg/runner.ts";
import type { Rung } from "@coursecast/shared";
import { buildLadderRun } from "./build-ladder-run.ts";
import { sourceRfc6381 } from "./copy-eligibility.ts";
import { CAPPED_QUALITY, type EncodingProfile } from "./encoding-profile.ts";
import { decodeFailure, truncatedFailure } from "./failure-messages.ts";
import { finishLadder, type FinishedRung } from "./finish-ladder.ts";
import { folderSize, grabPoster, remuxDownload, writeStoryboard } from "./finish-outputs.ts";
import { isAudioOnly, withWaveformPicture } from "./audio-only.ts";
import { inspectSource, probeSource, type SourceInfo } from "./inspect-source.ts";
import { addSubtitlesToMaster, writeSubtitleRenditions } from "./subtitle-tracks.ts";
import { LAYOUT, outPath } from "./output-layout.ts";
import { planLadder } from "./plan-ladder.ts";
import { chooseTopRung, type TopRungPolicy } from "./top-rung-choice.ts";

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
  source: Omit<SourceInfo, "keyframeTimes">;
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
  /** WebVTT subtitle renditions kept in the HLS. */
  subtitles: Array<{ language: string; playlist: string; path: string }>;
  /** The source had no picture: the video is a still of its waveform. */
  audioOnly: boolean;
  /** What the source had that the outputs do not (e.g. a bitmap subtitle track). */
  notes: string[];
  totalSize: number;
}

export interface TranscodeOptions {
  ladder: readonly Rung[];
  maxDurationSeconds: number;
  preset: string;
  /** Where intermediate files go (the worker's job folder); the system temp folder by default. */
  scratchDir?: string;
  /** Encoder policy; the capped-quality ladder unless told otherwise (the bench compares). */
  profile?: EncodingProfile;
  /** `auto` (default): copy an eligible source's video as the top rung only when an encode would not save much; `copy`: whenever eligible. */
  topRung?: TopRungPolicy;
  /** 0–100 while the ladder encodes. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/** Seconds of media a finished playlist holds (the sum of its segment durations). */
async function playlistSeconds(path: string): Promise<number> {
  const text = await readFile(path, "utf8").catch(() => "");
  return [...text.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** A recording cut short reads less than its header claims: beyond this, it is refused. */
function truncationTolerance(durationSeconds: number): number {
  return Math.max(1.5, durationSeconds * 0.01);
}

/** What a failed run leaves in the output folder: removed, as the worker removes its temp folder. */
async function removeOutputs(outDir: string): Promise<void> {
  const made = [LAYOUT.hlsDir, LAYOUT.thumbsDir, LAYOUT.mp4, LAYOUT.mp3, LAYOUT.poster];
  await Promise.all(made.map((p) => rm(outPath(outDir, p), { recursive: true, force: true })));
}

/** The whole pipeline on a local file: the worker and `npm run -w transcoder transcode` both use it. */
export async function transcodeFile(
  source: string,
  outDir: string,
  options: TranscodeOptions,
): Promise<Manifest> {
  try {
    return await transcodeInto(source, outDir, options);
  } catch (err) {
    await removeOutputs(outDir);
    throw err;
  }
}

async function transcodeInto(
  original: string,
  outDir: string,
  options: TranscodeOptions,
): Promise<Manifest> {
  const probed = await probeSource(original);
  const audioOnly = isAudioOnly(probed);
  if (!audioOnly) return transcodeSource(original, outDir, options, { probed, audioOnly });
  const scratch = await mkdtemp(join(options.scratchDir ?? tmpdir(), "audio-only-"));
  try {
    const carrier = await withWaveformPicture(original, probed, scratch);
    return await transcodeSource(carrier, outDir, options, { audioOnly });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function transcodeSource(
  source: string,
  outDir: string,
  options: TranscodeOptions,
  given: { probed?: Awaited<ReturnType<typeof probeSource>>; audioOnly: boolean },
): Promise<Manifest> {
  const info = await inspectSource(source, options.maxDurationSeconds, given.probed);
  const rungs = planLadder(options.ladder, info);
  await mkdir(outPath(outDir, LAYOUT.thumbsDir), { recursive: true });
  for (const name of [...rungs.map((r) => r.name), "audio"])
    await mkdir(outPath(outDir, `${LAYOUT.hlsDir}/${name}`), { recursive: true });

  const profile = options.profile ?? CAPPED_QUALITY;
  const topRung = await chooseTopRung(source, info, rungs[0]!, profile, options);
  const copyTopRung = topRung === "copy";
  const preset = profile.ladderPreset(options.preset, topRung === "encode-instead-of-copy");
  const run = buildLadderRun(source, info, rungs, outDir, preset, copyTopRung, profile);
  await runFfmpeg(run, {
    onProgress: (seconds) =>
      options.onProgress?.(Math.min(99, (seconds / info.durationSeconds) * 100)),
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((err: unknown) => {
    if (options.signal?.aborted) throw err;
    throw decodeFailure(err);
  });
  const readable = Math.max(
    await playlistSeconds(outPath(outDir, LAYOUT.rungPlaylist(rungs[0]!.name))),
    info.hasAudio ? await playlistSeconds(outPath(outDir, LAYOUT.rungPlaylist("audio"))) : 0,
  );
  if (readable < info.durationSeconds - truncationTolerance(info.durationSeconds))
    throw truncatedFailure(readable, info.durationSeconds);
  const kept = await finishLadder(
    outDir,
    rungs,
    info,
    profile,
    copyTopRung ? sourceRfc6381(info) : undefined,
  );
  return describeOutputs(source, outDir, info, kept, {
    topRungCopied: copyTopRung,
    audioOnly: given.audioOnly,
  });
}

/**
 * After the ladder: subtitles, the MP4 download, the poster and the storyboard,
 * then the manifest of every deliverable (also written as manifest.json).
 */
export async function describeOutputs(
  source: string,
  outDir: string,
  info: SourceInfo,
  kept: FinishedRung[],
  given: { topRungCopied: boolean; audioOnly: boolean },
): Promise<Manifest> {
  const subtitles = await writeSubtitleRenditions(source, outDir, info);
  await addSubtitlesToMaster(outDir, subtitles.kept);
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
  const { keyframeTimes: _keyframes, ...described } = info;
  const manifest: Manifest = {
    source: described,
    topRungCopied: given.topRungCopied,
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
    subtitles: subtitles.kept.map((s) => ({
      language: s.language,
      playlist: s.playlist,
      path: s.vtt,
    })),
    audioOnly: given.audioOnly,
    notes: subtitles.dropped,
    totalSize: 0,
  };
  manifest.totalSize = await folderSize(outDir);
  await writeFile(outPath(outDir, LAYOUT.manifest), JSON.stringify(manifest, null, 2));
  return manifest;
}
