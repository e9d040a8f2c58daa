import type { Rung } from "@coursecast/shared";
import type { SourceInfo } from "./inspect-source.ts";

export interface PlannedRung extends Rung {
  width: number;
  height: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
/** A source this many lines short of a rung still gets it (853x479 is meant as 480p). */
export const NEAR_RUNG_LINES = 8;

/**
 * The rungs whose size fits the source (never upscaled). A rung's height names
 * the short side, so a 360x640 portrait video is "360p" at 360x640; a source
 * smaller than every rung gets one rung at its own size.
 */
export function planLadder(
  ladder: readonly Rung[],
  source: Pick<SourceInfo, "width" | "height">,
): PlannedRung[] {
  const short = Math.min(source.width, source.height);
  const portrait = source.height > source.width;
  const sized = (rung: Rung, side: number): PlannedRung => {
    const long = even((side * Math.max(source.width, source.height)) / short);
    return portrait
      ? { ...rung, width: even(side), height: long }
      : { ...rung, width: long, height: even(side) };
  };
  const sorted = [...ladder].sort((a, b) => b.height - a.height);
  const fitting = sorted.filter((rung) => rung.height <= short + NEAR_RUNG_LINES);
  if (fitting.length === 0) return [sized({ ...sorted.at(-1)!, name: `${even(short)}p` }, short)];
  return fitting.map((rung) => sized(rung, rung.height));
}
