import type { Rung } from "@coursecast/shared";
import type { SourceInfo } from "./inspect-source.ts";
export interface PlannedRung extends Rung {
    width: number;
    height: number;
}
/** A source this many lines short of a rung still gets it (853x479 is meant as 480p). */
export declare const NEAR_RUNG_LINES = 8;
/**
 * The rungs whose size fits the source (never upscaled). A rung's height names
 * the short side, so a 360x640 portrait video is "360p" at 360x640; a source
 * smaller than every rung gets one rung at its own size.
 */
export declare function planLadder(ladder: readonly Rung[], source: Pick<SourceInfo, "width" | "height">): PlannedRung[];
