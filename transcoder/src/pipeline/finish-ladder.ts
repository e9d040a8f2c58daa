import { rm } from "node:fs/promises";
import { redundantTopRungs, type EncodingProfile } from "./encoding-profile.ts";
import { writeMasterPlaylist, type MasterVariant } from "./finish-outputs.ts";
import type { SourceInfo } from "./inspect-source.ts";
import { measureMediaPlaylist } from "./measure-rungs.ts";
import { LAYOUT, outPath } from "./output-layout.ts";
import type { PlannedRung } from "./plan-ladder.ts";

export interface FinishedRung extends MasterVariant {
  rung: PlannedRung;
  /** The rung's own video, measured from its segments: mean and peak, bits per second. */
  averageBitrate: number;
  peakBitrate: number;
}

/**
 * After the ladder is encoded: measure every rung, drop the top rungs the profile's
 * rule finds redundant (their folders are deleted), and write the master playlist
 * from the measured rates. Returns the kept rungs, largest first.
 */
export async function finishLadder(
  outDir: string,
  rungs: readonly PlannedRung[],
  info: Pick<SourceInfo, "fps" | "hasAudio">,
  profile: EncodingProfile,
  copiedCodecs?: string,
): Promise<FinishedRung[]> {
  const measured = [];
  for (const rung of rungs)
    measured.push({
      rung,
      video: await measureMediaPlaylist(outPath(outDir, LAYOUT.rungPlaylist(rung.name))),
    });
  const audio = info.hasAudio
    ? await measureMediaPlaylist(outPath(outDir, LAYOUT.rungPlaylist("audio")))
    : null;
  const dropped = profile.dropsRedundantTopRungs
    ? redundantTopRungs(measured.map((m) => m.video.averageBitrate))
    : 0;
  for (const { rung } of measured.slice(0, dropped))
    await rm(outPath(outDir, `${LAYOUT.hlsDir}/${rung.name}`), { recursive: true, force: true });
  const kept = measured.slice(dropped);
  const { variants } = await writeMasterPlaylist(outDir, kept, audio, info.fps, copiedCodecs);
  return kept.map(({ rung, video }, i) => ({
    ...variants[i]!,
    rung,
    averageBitrate: Math.round(video.averageBitrate),
    peakBitrate: Math.ceil(video.peakBitrate),
  }));
}
