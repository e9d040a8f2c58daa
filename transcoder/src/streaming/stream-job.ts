import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import type { TranscodeJob } from "@coursecast/shared";
import type { ProbeData } from "../ffmpeg/probe-data.ts";
import type { FfmpegRun } from "../ffmpeg/runner.ts";
import type { Logger } from "../log.ts";
import { buildLadderRun } from "../pipeline/build-ladder-run.ts";
import { sourceRfc6381 } from "../pipeline/copy-eligibility.ts";
import {
  chooseTopRung,
  type TopRungChoice,
  type TopRungPolicy,
} from "../pipeline/top-rung-choice.ts";
import { CAPPED_QUALITY, type EncodingProfile } from "../pipeline/encoding-profile.ts";
import { truncatedFailure } from "../pipeline/failure-messages.ts";
import { finishLadder } from "../pipeline/finish-ladder.ts";
import { inspectSource, type SourceInfo } from "../pipeline/inspect-source.ts";
import { LAYOUT, outPath } from "../pipeline/output-layout.ts";
import { planLadder, type PlannedRung } from "../pipeline/plan-ladder.ts";
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
  type FirstRung,
} from "./first-rung.ts";
import { growingMasterText, mergeFfmpegMasters, type GrowingVariant } from "./growing-master.ts";
import { LadderPace } from "./ladder-pace.ts";
import { PreviewHandover } from "./preview-handover.ts";
import { RungUploader, type UploadTarget } from "./rung-uploader.ts";
import { runWhileUploading } from "./run-while-uploading.ts";
import { sideBySide } from "./side-by-side.ts";

/** The ladder's ffmpeg runs at this `nice` (0 normal, 19 lowest) beside the first runs. */
const LADDER_NICENESS = 10;
/**
 * Where a copied first rung is written until the analysis names it: a dot is no rung
 * name (RungSchema), so it is never a rung's own folder.
 */
const COPY_LOCAL_NAME = "first.copy";
/** How long a copy waits for the analysis to name it before it goes up as the preview. */
export const COPY_WAITS_FOR_NAME_MS = 1000;
/** How often a preview that waits for the ladder looks at the ladder's pace. */
const PACE_CHECK_MS = 500;
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
  /**
   * How long an encoded first rung waits at most for the ladder to get ahead of a viewer
   * by itself before it is started (less when the ladder's pace shows it will not: see
   * ladder-pace.ts; absent or 0: at once). See config PREVIEW_AFTER_SECONDS.
   */
  previewAfterSeconds?: number;
  /** How long a copy waits to be named before it goes up as the preview (COPY_WAITS_FOR_NAME_MS). */
  copyWaitsForNameMs?: number;
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

/** What the analysis settles (at once for an encoded first rung): the rungs' names and the ladder. */
interface SettledLadder {
  topRungCopied: boolean;
  first: FirstRung;
  firstUploader: RungUploader;
  firstVariant: GrowingVariant;
  ladderRungs: PlannedRung[];
  ladderUploaders: RungUploader[];
  ladderVariants: GrowingVariant[];
  ladderRun: FfmpegRun;
}

/** A value one pass settles and another waits for (rejected if the first pass fails). */
function settledLater<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Only awaited by a pass that needs it; the failure itself is the settling pass's.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * One job, streamed: ffmpeg reads the source from storage; a first rung (the
 * source's own H.264 cut at its keyframes, or one fast low encode) and the audio
 * are uploaded as their segments close, and a growing master makes the video
 * playable within seconds; beside them the ladder, encoded with keyframes where the
 * first rung is cut, joins the growing master once it is ahead of any viewer (an
 * encoded first rung is then stopped and handed over to it); at the end the
 * measured VOD master replaces it.
 *
 * A copied first rung starts at once; the top-rung analysis runs beside it (it decides
 * only whether the copy is the top rung, that is, its name), and the copy's segments
 * go up once it has. An encoded first rung is a second decode of the source: it is
 * started only when the ladder has not got ahead of a viewer by itself within
 * `previewAfterSeconds`, or sooner when its pace shows it will not (else the ladder
 * alone makes the video playable).
 */
export async function streamTranscode(options: StreamOptions): Promise<StreamResult> {
  const { job, s3, sourceUrl, outDir, signal } = options;
  const profile = options.profile ?? CAPPED_QUALITY;
  const info = await inspectSource(sourceUrl, options.maxDurationSeconds, options.probed);
  const rungs = planLadder(job.ladder, info);
  // Its kind, size and cuts do not depend on the analysis; only a copy's name does.
  const unnamed = planFirstRung(info, rungs, false);
  const firstLocalName = unnamed.kind === "copy" ? COPY_LOCAL_NAME : unnamed.name;
  const hlsDir = outPath(outDir, LAYOUT.hlsDir);
  await mkdir(outPath(outDir, LAYOUT.thumbsDir), { recursive: true });
  for (const name of [firstLocalName, ...(info.hasAudio ? ["audio"] : [])])
    await mkdir(join(hlsDir, name), { recursive: true });

  const target: UploadTarget = { s3, bucket: job.output.bucket, prefix: job.output.prefix, signal };
  const audioUploaders = info.hasAudio ? [new RungUploader("audio", hlsDir, target)] : [];
  for (const u of audioUploaders) await u.readStored();
  const cuts = firstRungCuts(info, unnamed);
  /** The first rung as a variant of the growing master; only a copy's name is decided later. */
  const firstVariantNamed = (name: string): GrowingVariant => ({
    ...unnamed,
    name,
    codecs: unnamed.kind === "copy" ? sourceRfc6381(info) : "avc1.64001e",
    playlistPath: join(hlsDir, firstLocalName, "index.m3u8"),
  });

  const settle = async (topRung: TopRungChoice): Promise<SettledLadder> => {
    const topRungCopied = topRung === "copy";
    const first = planFirstRung(info, rungs, topRungCopied);
    const ladderRungs = topRungCopied ? rungs.slice(1) : rungs;
    // As transcodeFile's ladder: faster when its top rung replaces a copy (encoding-profile.ts).
    const ladderPreset = profile.ladderPreset(options.preset, topRung === "encode-instead-of-copy");
    for (const r of ladderRungs) await mkdir(join(hlsDir, r.name), { recursive: true });
    // A copy named the preview is the one uploader of that name (it may be going up already).
    const firstUploader =
      copyAsPreview?.name === first.name
        ? copyAsPreview
        : new RungUploader(first.name, hlsDir, target, firstLocalName);
    const ladderUploaders = ladderRungs.map((r) => new RungUploader(r.name, hlsDir, target));
    for (const u of [firstUploader, ...ladderUploaders])
      if (u !== copyAsPreview) await u.readStored();
    return {
      topRungCopied,
      first,
      firstUploader,
      firstVariant: firstVariantNamed(first.name),
      ladderRungs,
      ladderUploaders,
      ladderVariants: ladderRungs.map((r) => ({
        name: r.name,
        width: r.width,
        height: r.height,
        // x264 signals the profile its tools need: at ultrafast (no CABAC, B-frames or 8x8
        // transform) that is Constrained Baseline, whatever -profile:v allows.
        codecs:
          profile.rung(r, ladderPreset).preset === "ultrafast" ? "avc1.42c028" : "avc1.640028",
        playlistPath: join(hlsDir, r.name, "index.m3u8"),
      })),
      ladderRun: buildLadderRun(
        sourceUrl,
        info,
        ladderRungs,
        outDir,
        ladderPreset,
        false,
        profile,
        {
          cuts,
          masterName: LADDER_MASTER,
        },
      ),
    };
  };
  // Decided before the ladder starts, since it decides what the ladder encodes (the
  // analysis samples 2–12 s of the source); the copy is written meanwhile.
  const analyse = (passSignal: AbortSignal) =>
    chooseTopRung(sourceUrl, info, rungs[0]!, profile, {
      preset: options.preset,
      alignedKeyframes: true,
      signal: passSignal,
      ...(options.topRung ? { topRung: options.topRung } : {}),
      ...(options.scratchDir ? { scratchDir: options.scratchDir } : {}),
    });
  /**
   * A copy whose analysis takes longer than COPY_WAITS_FOR_NAME_MS (six samples of a long
   * source: 6–10 s on 2 cores) goes up as the preview meanwhile (`copyPreviewUploader`
   * set), so that the video is playable within seconds whatever its length; if the
   * analysis then names it the top rung, it goes up under that name too (its segments
   * twice) and the preview is superseded at `ready`.
   */
  const copyAsPreview =
    unnamed.kind === "copy" ? new RungUploader("preview", hlsDir, target, firstLocalName) : null;
  await copyAsPreview?.readStored();
  // A preview an earlier run of the job published goes on at once: viewers may hold it.
  let copyPreviewUploader =
    copyAsPreview && copyAsPreview.storedSegments > 0 ? copyAsPreview : null;
  const settled = settledLater<SettledLadder>();
  let ladder: SettledLadder | null = unnamed.kind === "encode" ? await settle("encode") : null;
  if (ladder) settled.resolve(ladder);

  const masterKey = `${job.output.prefix}${LAYOUT.master}`;
  let playableAt: number | null = null;
  let ladderListed = false;
  let previewListed = false;
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
  const announce = async (variants: GrowingVariant[]) => {
    await options.checkSource();
    await publishMaster(variants);
    playableAt = Date.now();
    options.onPlayable(
      variants.map((v) => ({ name: v.name, width: v.width, height: v.height })),
      info,
    );
  };

  const longestSegment = longestFirstSegment(info, unnamed);
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
  const aheadOfFirstViewer = (uploaders: readonly RungUploader[], writingSince: number) =>
    isAhead({
      publishedSeconds: Math.min(...uploaders.map((u) => u.publishedSeconds)),
      writingForSeconds: (Date.now() - writingSince) / 1000,
      done: uploaders.every((u) => u.finished),
      viewerStartedSecondsAgo: 0,
      lead: firstLead,
    });

  const stopPreview = new AbortController();
  /** Fires when a preview starts: the ladder then runs behind it. */
  const previewStarting = new AbortController();
  let firstStarted = Date.now();
  let previewStarted = false;
  let ladderStarted = 0;
  let ladderPace: LadderPace | null = null;
  const tryPlayable = async () => {
    if (playableAt !== null) return;
    if (copyPreviewUploader) {
      // A copy that went up as the preview before it was named: further ahead than
      // under its name, whose uploads start when it is named.
      if (aheadOfFirstViewer([copyPreviewUploader, ...audioUploaders], firstStarted))
        await announce([firstVariantNamed("preview")]);
      return;
    }
    if (!ladder) return;
    const { first, firstUploader, ladderUploaders } = ladder;
    if (
      (first.kind === "copy" || previewStarted) &&
      aheadOfFirstViewer([firstUploader, ...audioUploaders], firstStarted)
    ) {
      await announce([ladder.firstVariant]);
      previewListed = first.kind === "encode";
    } else if (
      // No preview started (yet): the ladder itself may be ahead of a viewer starting now.
      first.kind === "encode" &&
      !previewStarted &&
      ladderStarted &&
      ladderUploaders.length &&
      aheadOfFirstViewer([...ladderUploaders, ...audioUploaders], ladderStarted)
    ) {
      await announce(ladder.ladderVariants);
      ladderListed = true;
      stopPreview.abort();
    }
  };
  // Every pass asks at each tick: one at a time, so that `playable` is announced once.
  let playableAsked = Promise.resolve();
  const markPlayable = () => (playableAsked = playableAsked.then(tryPlayable));
  const runs = buildFirstRuns(sourceUrl, info, { ...unnamed, name: firstLocalName }, outDir);
  const firstSeconds = (s: number) => {
    done.first = Math.max(done.first, fractionOf(s));
    reportTranscoding();
  };
  const mainPass = async (passSignal: AbortSignal) => {
    if (!runs.main) return;
    // The copied rung joins its run's uploads once the analysis has named it, or once
    // the analysis has taken too long (as the preview, see copyAsPreview).
    const waitForName = options.copyWaitsForNameMs ?? COPY_WAITS_FOR_NAME_MS;
    if (!ladder && waitForName <= 0) copyPreviewUploader = copyAsPreview;
    const uploaders = () => {
      if (unnamed.kind !== "copy") return audioUploaders;
      const named = ladder?.firstUploader;
      return [
        ...(named ? [named] : []),
        ...(copyPreviewUploader && copyPreviewUploader !== named ? [copyPreviewUploader] : []),
        ...audioUploaders,
      ];
    };
    await runWhileUploading(runs.main, uploaders, {
      signal: passSignal,
      onTick: async () => {
        if (!ladder && Date.now() - firstStarted >= waitForName)
          copyPreviewUploader = copyAsPreview;
        await markPlayable();
      },
      onSeconds: firstSeconds,
    });
    if (unnamed.kind !== "copy") return;
    // The copy may be done before the analysis: its uploads wait for the name.
    await (await settled.promise).firstUploader.sync(true);
    await copyPreviewUploader?.sync(true);
    await markPlayable();
  };
  /** Whether to start the preview: after the wait, unless the ladder was listed first. */
  const previewWanted = (passSignal: AbortSignal) =>
    new Promise<boolean>((resolve) => {
      const stopped = AbortSignal.any([passSignal, stopPreview.signal]);
      // A preview an earlier run of the job published goes on: viewers may hold it.
      if (ladder!.firstUploader.storedSegments > 0 || !(options.previewAfterSeconds ?? 0))
        return resolve(!stopped.aborted);
      const deadline = Date.now() + options.previewAfterSeconds! * 1000;
      // At the deadline, or as soon as the ladder's pace shows it will not be ahead by then.
      const timer = setInterval(() => {
        if (Date.now() < deadline && !ladderPace?.tooSlow()) return;
        clearInterval(timer);
        resolve(true);
      }, PACE_CHECK_MS);
      const skip = () => {
        clearInterval(timer);
        resolve(false);
      };
      if (stopped.aborted) skip();
      else stopped.addEventListener("abort", skip, { once: true });
    });
  // An encoded preview hands over to the lowest ladder rung once the ladder is listed.
  const lowestRung = ladder?.ladderRungs.at(-1);
  const handover =
    runs.preview && lowestRung
      ? new PreviewHandover(ladder!.firstUploader, hlsDir, lowestRung.name, target)
      : null;
  const previewPass = async (passSignal: AbortSignal) => {
    if (!runs.preview || !(await previewWanted(passSignal))) return;
    previewStarted = true;
    previewStarting.abort();
    firstStarted = Date.now();
    try {
      await runWhileUploading(runs.preview, () => [ladder!.firstUploader], {
        signal: AbortSignal.any([passSignal, stopPreview.signal]),
        onTick: markPlayable,
        onSeconds: firstSeconds,
      });
    } catch (err) {
      if (passSignal.aborted || !stopPreview.signal.aborted) throw err;
      // Stopped: its viewers go on with the ladder (none if it was never listed).
      if (previewListed) await handover!.start();
    }
  };

  const listLadder = async () => {
    if (ladderListed || playableAt === null || !ladder?.ladderUploaders.length) return;
    // A copied top rung named after the copy went up as the preview is still catching up.
    const listing = [
      ...ladder.ladderUploaders,
      ...(ladder.topRungCopied ? [ladder.firstUploader] : []),
    ];
    const ahead = isAhead({
      publishedSeconds: Math.min(...listing.map((u) => u.publishedSeconds)),
      writingForSeconds: (Date.now() - ladderStarted) / 1000,
      done: listing.every((u) => u.finished),
      viewerStartedSecondsAgo: (Date.now() - playableAt) / 1000,
      lead: ladderLead,
    });
    if (!ahead) return;
    // A separate preview is left out for new viewers: the ladder covers it (those
    // already on it keep their master, and the preview stays until after `ready`).
    const listed = ladder.topRungCopied
      ? [ladder.firstVariant, ...ladder.ladderVariants]
      : ladder.ladderVariants;
    await publishMaster(listed);
    ladderListed = true;
    // Every viewer can now be carried by the ladder: the preview's decode can stop.
    stopPreview.abort();
  };
  const ladderPass = async (passSignal: AbortSignal) => {
    if (!ladder) {
      try {
        ladder = await settle(await analyse(passSignal));
        settled.resolve(ladder);
      } catch (err) {
        settled.reject(err);
        throw err;
      }
    }
    const { ladderRun, ladderUploaders } = ladder;
    ladderStarted = Date.now();
    ladderPace = new LadderPace(ladderStarted);
    // Beside the first runs from the start, but behind them: they make the video playable
    // and keep ahead of its first viewers, and ask little of the CPU. While an encoded
    // source has no preview, the ladder is what viewers wait for: at normal priority
    // until a preview starts.
    const waitsForLadder = runs.preview !== null && !previewStarted;
    await runWhileUploading(ladderRun, () => ladderUploaders, {
      signal: passSignal,
      ...(waitsForLadder
        ? { renice: { when: previewStarting.signal, niceness: LADDER_NICENESS } }
        : { niceness: LADDER_NICENESS }),
      onTick: async () => {
        await markPlayable();
        await listLadder();
        await handover?.sync();
      },
      onSeconds: (s) => {
        ladderPace?.note(s);
        done.ladder = fractionOf(s);
        reportTranscoding();
      },
    });
  };
  await sideBySide(signal, [mainPass, previewPass, ladderPass]);
  // Once the ladder is done (and the preview, had it not reached the handover yet).
  await handover?.sync(true);
  const { first, firstUploader, ladderRungs, topRungCopied } = ladder!;
  const previews = [firstUploader, copyPreviewUploader].filter(
    (u): u is RungUploader => u?.name === "preview",
  );
  const readable = Math.max(
    ...[firstUploader, ...audioUploaders, ...ladder!.ladderUploaders].map(
      (u) => u.publishedSeconds,
    ),
  );
  if (readable < info.durationSeconds - truncationTolerance(info.durationSeconds))
    throw truncatedFailure(readable, info.durationSeconds);
  if (cuts !== "segment-grid") noteUnforeseenCuts(cuts, firstUploader, options.logger);
  // Every run has ended: the copy's folder takes the name the analysis gave it.
  if (firstLocalName !== first.name)
    await rename(join(hlsDir, firstLocalName), join(hlsDir, first.name));

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
  // A preview that never started (the ladder was ahead by itself) stored nothing.
  const previewStored = previews.some((u) => u.playlist !== null || u.storedSegments > 0);
  const supersededPrefixes = [
    ...(previewStored ? ["hls/preview/"] : []),
    ...rungs.filter((r) => !keptNames.has(r.name)).map((r) => `hls/${r.name}/`),
  ];
  if (first.name === "preview") await rm(join(hlsDir, "preview"), { recursive: true, force: true });
  const manifest = await describeOutputs(sourceUrl, outDir, info, kept, {
    topRungCopied,
    audioOnly: false,
  });
  const streamed = new Set(
    [first.name, ...ladderRungs.map((r) => r.name), ...(info.hasAudio ? ["audio"] : [])].map(
      (n) => `hls/${n}`,
    ),
  );
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
