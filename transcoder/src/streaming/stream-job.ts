import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { TranscodeJob } from "@coursecast/shared";
import type { ProbeData } from "../ffmpeg/probe-data.ts";
import type { Logger } from "../log.ts";
import { buildLadderRun } from "../pipeline/build-ladder-run.ts";
import { sourceRfc6381 } from "../pipeline/copy-eligibility.ts";
import { chooseTopRung, type TopRungPolicy } from "../pipeline/top-rung-choice.ts";
import { CAPPED_QUALITY, type EncodingProfile } from "../pipeline/encoding-profile.ts";
import { truncatedFailure } from "../pipeline/failure-messages.ts";
import { finishLadder } from "../pipeline/finish-ladder.ts";
import { inspectSource, type SourceInfo } from "../pipeline/inspect-source.ts";
import { LAYOUT, outPath } from "../pipeline/output-layout.ts";
import { planLadder } from "../pipeline/plan-ladder.ts";
import { describeOutputs, type Manifest } from "../pipeline/transcode-file.ts";
import { putTextObject, uploadFile } from "../storage.ts";
import {
  FIRST_RUNG_LEAD_SECONDS,
  LADDER_LEAD_SECONDS,
  isAhead,
  leadSeconds,
} from "./ahead-of-viewer.ts";
import {
  FIRST_MASTER,
  LADDER_MASTER,
  PREVIEW_MASTER,
  buildFirstRuns,
  firstRungCuts,
  longestFirstSegment,
  planFirstRung,
} from "./first-rung.ts";
import { growingMasterText, mergeFfmpegMasters, type GrowingVariant } from "./growing-master.ts";
import { PreviewHandover } from "./preview-handover.ts";
import { RungUploader, type UploadTarget } from "./rung-uploader.ts";
import { runWhileUploading } from "./run-while-uploading.ts";
import { sideBySide } from "./side-by-side.ts";

/** The ladder's ffmpeg runs at this `nice` (0 normal, 19 lowest) beside the first runs. */
const LADDER_NICENESS = 10;
/** How much shorter than its stated duration the readable source may be (the job fails beyond). */
const truncationTolerance = (d: number) => Math.max(1.5, d * 0.01);

export interface StreamOptions {
  job: TranscodeJob;
  s3: S3Client;
  /** A presigned GET of the source: ffmpeg reads it in ranges, nothing is staged. */
  sourceUrl: string;
  probed: ProbeData;
  outDir: string;
  maxDurationSeconds: number;
  preset: string;
  profile?: EncodingProfile;
  /** Whether an eligible source's own video may be the top rung without a look (`copy`). */
  topRung?: TopRungPolicy;
  /** Where the top rung's analysis samples are written. */
  scratchDir?: string;
  signal: AbortSignal;
  /** The growing master is up and lists these rungs: send `playable`. */
  onPlayable: (
    listed: Array<{ name: string; width: number; height: number }>,
    info: SourceInfo,
  ) => void;
  onProgress: (stage: "transcoding" | "uploading", percent: number) => void;
  /** Throws when the source is no longer the version checked at the start. */
  checkSource: () => Promise<void>;
  logger?: Logger;
}

export interface StreamResult {
  manifest: Manifest;
  /** Prefixes (under the video's) uploaded while processing but not in the final ladder. */
  supersededPrefixes: string[];
}

/**
 * The ladder was cut where the muxer was foreseen to cut the copied first rung; if it
 * cut elsewhere (a source whose probed keyframe times mislead), the rungs still play,
 * but a player switching rungs may show a frame twice or skip one: worth a log line.
 */
function noteUnforeseenCuts(
  foreseen: readonly number[],
  firstRung: RungUploader,
  logger: Logger | undefined,
): void {
  const written: number[] = [];
  for (const s of firstRung.segments.slice(0, -1)) written.push((written.at(-1) ?? 0) + s.seconds);
  const apart = written.findIndex((t, i) => Math.abs(t - (foreseen[i] ?? Infinity)) > 0.01);
  if (apart >= 0 || written.length !== foreseen.length)
    logger?.info("first rung cut elsewhere than foreseen: ladder segments not aligned", {
      foreseen: foreseen.slice(apart, apart + 3),
      written: written.slice(apart, apart + 3),
      segments: { foreseen: foreseen.length + 1, written: written.length + 1 },
    });
}

/** Every local file not uploaded while streaming (downloads, images, subtitles, manifest). */
async function remainingFiles(outDir: string, streamed: Set<string>): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(outDir, path).split("\\").join("/");
      if (entry.isDirectory()) {
        if (!streamed.has(rel)) await walk(path);
      } else if (
        ![
          LAYOUT.master,
          ...[FIRST_MASTER, LADDER_MASTER, PREVIEW_MASTER].map((m) => `hls/${m}`),
        ].includes(rel)
      )
        out.push(rel);
    }
  };
  await walk(outDir);
  return out;
}

/**
 * One job, streamed: ffmpeg reads the source from storage; a first rung (the
 * source's own H.264 cut at its keyframes, or one fast low encode) and the audio
 * are uploaded as their segments close, and a growing master makes the video
 * playable within seconds; beside them the ladder, encoded with keyframes where the
 * first rung is cut, joins the growing master once it is ahead of any viewer (an
 * encoded first rung is then stopped and handed over to it); at the end the
 * measured VOD master replaces it.
 */
export async function streamTranscode(options: StreamOptions): Promise<StreamResult> {
  const { job, s3, sourceUrl, outDir, signal } = options;
  const profile = options.profile ?? CAPPED_QUALITY;
  const info = await inspectSource(sourceUrl, options.maxDurationSeconds, options.probed);
  const rungs = planLadder(job.ladder, info);
  const firstCopyPossible = planFirstRung(info, rungs, false).kind === "copy";
  // Decided before the first rung starts, since it names it: the top rung itself, or a
  // preview the encoded top rung replaces (the analysis samples 2–12 s of the source).
  const topRung = firstCopyPossible
    ? await chooseTopRung(sourceUrl, info, rungs[0]!, profile, {
        preset: options.preset,
        alignedKeyframes: true,
        signal,
        ...(options.topRung ? { topRung: options.topRung } : {}),
        ...(options.scratchDir ? { scratchDir: options.scratchDir } : {}),
      })
    : "encode";
  const topRungCopied = topRung === "copy";
  const first = planFirstRung(info, rungs, topRungCopied);
  const ladderRungs = topRungCopied ? rungs.slice(1) : rungs;
  // As transcodeFile's ladder: faster when its top rung replaces a copy (encoding-profile.ts).
  const ladderPreset = profile.ladderPreset(options.preset, topRung === "encode-instead-of-copy");
  const hlsDir = outPath(outDir, LAYOUT.hlsDir);
  await mkdir(outPath(outDir, LAYOUT.thumbsDir), { recursive: true });
  const names = [
    first.name,
    ...ladderRungs.map((r) => r.name),
    ...(info.hasAudio ? ["audio"] : []),
  ];
  for (const name of names) await mkdir(join(hlsDir, name), { recursive: true });

  const target: UploadTarget = { s3, bucket: job.output.bucket, prefix: job.output.prefix, signal };
  const uploader = new Map(names.map((n) => [n, new RungUploader(n, hlsDir, target)]));
  for (const u of uploader.values()) await u.readStored();
  const firstUploaders = [
    uploader.get(first.name)!,
    ...(info.hasAudio ? [uploader.get("audio")!] : []),
  ];
  const ladderUploaders = ladderRungs.map((r) => uploader.get(r.name)!);

  const masterKey = `${job.output.prefix}${LAYOUT.master}`;
  const firstVariant: GrowingVariant = {
    ...first,
    codecs: first.kind === "copy" ? sourceRfc6381(info) : "avc1.64001e",
    playlistPath: join(hlsDir, first.name, "index.m3u8"),
  };
  const ladderVariants: GrowingVariant[] = ladderRungs.map((r) => ({
    name: r.name,
    width: r.width,
    height: r.height,
    // x264 signals the profile its tools need: at ultrafast (no CABAC, B-frames or 8x8
    // transform) that is Constrained Baseline, whatever -profile:v allows.
    codecs: profile.rung(r, ladderPreset).preset === "ultrafast" ? "avc1.42c028" : "avc1.640028",
    playlistPath: join(hlsDir, r.name, "index.m3u8"),
  }));
  let playableAt: number | null = null;
  let ladderListed = false;
  const publishMaster = async (variants: GrowingVariant[]) =>
    putTextObject(
      s3,
      {
        bucket: job.output.bucket,
        key: masterKey,
        text: await growingMasterText(variants, info.hasAudio),
      },
      signal,
    );

  // The first rung and the audio, and beside them from the start the ladder (at a lower
  // priority): its keyframes go where the first rung is cut, known before it is written.
  const cuts = firstRungCuts(info, first);
  const longestSegment = longestFirstSegment(info, first);
  // A lead longer than the source: playable once the first rung is written whole.
  const firstLead = Math.min(
    leadSeconds(FIRST_RUNG_LEAD_SECONDS, longestSegment),
    info.durationSeconds,
  );
  const ladderLead = leadSeconds(LADDER_LEAD_SECONDS, longestSegment);
  const done = { first: 0, ladder: 0 };
  const reportTranscoding = () =>
    options.onProgress("transcoding", 20 * done.first + 70 * done.ladder);
  const fractionOf = (seconds: number) => Math.min(1, seconds / info.durationSeconds);

  const firstStarted = Date.now();
  const firstDone = () => firstUploaders.every((u) => u.finished);
  const markPlayable = async () => {
    if (playableAt !== null) return;
    const written = Math.min(...firstUploaders.map((u) => u.publishedSeconds));
    const ahead = isAhead({
      publishedSeconds: written,
      writingForSeconds: (Date.now() - firstStarted) / 1000,
      done: firstDone(),
      viewerStartedSecondsAgo: 0,
      lead: firstLead,
    });
    if (!ahead) return;
    await options.checkSource();
    await publishMaster([firstVariant]);
    playableAt = Date.now();
    options.onPlayable([{ name: first.name, width: first.width, height: first.height }], info);
  };
  const runs = buildFirstRuns(sourceUrl, info, first, outDir);
  const firstRungUploader = uploader.get(first.name)!;
  const audioUploaders = info.hasAudio ? [uploader.get("audio")!] : [];
  // An encoded preview hands over to the lowest ladder rung once the ladder is listed.
  const lowestRung = ladderRungs.at(-1);
  const handover =
    runs.preview && lowestRung
      ? new PreviewHandover(firstRungUploader, hlsDir, lowestRung.name, target)
      : null;
  const stopPreview = new AbortController();
  const firstSeconds = (s: number) => {
    done.first = Math.max(done.first, fractionOf(s));
    reportTranscoding();
  };
  const mainPass = async (passSignal: AbortSignal) => {
    if (!runs.main) return;
    const mainUploaders =
      first.kind === "copy" ? [firstRungUploader, ...audioUploaders] : audioUploaders;
    await runWhileUploading(runs.main, mainUploaders, {
      signal: passSignal,
      onTick: markPlayable,
      onSeconds: firstSeconds,
    });
  };
  const previewPass = async (passSignal: AbortSignal) => {
    if (!runs.preview) return;
    try {
      await runWhileUploading(runs.preview, [firstRungUploader], {
        signal: AbortSignal.any([passSignal, stopPreview.signal]),
        onTick: markPlayable,
        onSeconds: firstSeconds,
      });
    } catch (err) {
      if (passSignal.aborted || !stopPreview.signal.aborted) throw err;
      await handover!.start();
    }
  };

  let ladderStarted = 0;
  const listLadder = async () => {
    if (ladderListed || playableAt === null || !ladderUploaders.length) return;
    const ahead = isAhead({
      publishedSeconds: Math.min(...ladderUploaders.map((u) => u.publishedSeconds)),
      writingForSeconds: (Date.now() - ladderStarted) / 1000,
      done: ladderUploaders.every((u) => u.finished),
      viewerStartedSecondsAgo: (Date.now() - playableAt) / 1000,
      lead: ladderLead,
    });
    if (!ahead) return;
    // A separate preview is left out for new viewers: the ladder covers it (those
    // already on it keep their master, and the preview stays until after `ready`).
    const listed = topRungCopied ? [firstVariant, ...ladderVariants] : ladderVariants;
    await publishMaster(listed);
    ladderListed = true;
    // Every viewer can now be carried by the ladder: the preview's decode can stop.
    stopPreview.abort();
  };
  const ladderRun = buildLadderRun(
    sourceUrl,
    info,
    ladderRungs,
    outDir,
    ladderPreset,
    false,
    profile,
    { cuts, masterName: LADDER_MASTER },
  );
  const ladderPass = async (passSignal: AbortSignal) => {
    ladderStarted = Date.now();
    await runWhileUploading(ladderRun, ladderUploaders, {
      signal: passSignal,
      // Beside the first runs from the start, but behind them: they make the video
      // playable and keep ahead of its first viewers, and ask little of the CPU.
      niceness: LADDER_NICENESS,
      onTick: async () => {
        await listLadder();
        await handover?.sync();
      },
      onSeconds: (s) => {
        done.ladder = fractionOf(s);
        reportTranscoding();
      },
    });
  };
  await sideBySide(signal, [mainPass, previewPass, ladderPass]);
  // Once the ladder is done (and the preview, had it not reached the handover yet).
  await handover?.sync(true);
  const readable = Math.max(
    ...[...firstUploaders, ...ladderUploaders].map((u) => u.publishedSeconds),
  );
  if (readable < info.durationSeconds - truncationTolerance(info.durationSeconds))
    throw truncatedFailure(readable, info.durationSeconds);
  if (cuts !== "segment-grid") noteUnforeseenCuts(cuts, uploader.get(first.name)!, options.logger);

  // The end: the measured VOD master, downloads, images; the master goes up last.
  options.onProgress("uploading", 92);
  await writeFile(
    outPath(outDir, LAYOUT.master),
    await mergeFfmpegMasters(
      join(hlsDir, FIRST_MASTER),
      ladderRungs.length ? join(hlsDir, LADDER_MASTER) : null,
      info.hasAudio,
    ),
  );
  const kept = await finishLadder(
    outDir,
    rungs,
    info,
    profile,
    topRungCopied ? sourceRfc6381(info) : undefined,
  );
  const keptNames = new Set(kept.map((k) => k.rung.name));
  const supersededPrefixes = [
    ...(first.name === "preview" ? ["hls/preview/"] : []),
    ...rungs.filter((r) => !keptNames.has(r.name)).map((r) => `hls/${r.name}/`),
  ];
  if (first.name === "preview") await rm(join(hlsDir, "preview"), { recursive: true, force: true });
  const manifest = await describeOutputs(sourceUrl, outDir, info, kept, {
    topRungCopied,
    audioOnly: false,
  });
  const streamed = new Set(names.map((n) => `hls/${n}`));
  for (const rel of await remainingFiles(outDir, streamed))
    await uploadFile(
      s3,
      { bucket: job.output.bucket, key: `${job.output.prefix}${rel}`, path: outPath(outDir, rel) },
      { signal },
    );
  await options.checkSource();
  await putTextObject(
    s3,
    {
      bucket: job.output.bucket,
      key: masterKey,
      text: await readFile(outPath(outDir, LAYOUT.master), "utf8"),
      final: true,
    },
    signal,
  );
  return { manifest, supersededPrefixes };
}
