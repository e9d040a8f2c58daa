/**
 * The constant frame rate every encoded rung is made at (README "Frame rate"):
 * a constant-rate source keeps its rate, capped at 60; a variable-rate source
 * (phones, screen recorders: average more than 5 % below nominal) becomes 30
 * fps, or its nominal rate when that is lower. Keyframes then fall exactly on the
 * 2 s segment grid, and no rung runs at a phone's 120 fps timebase.
 */
export const MAX_OUTPUT_FPS = 60;
export const VARIABLE_RATE_FPS = 30;

export function parseRate(rate: string | undefined): number {
  const [num, den] = (rate ?? "").split("/").map(Number);
  const fps = den ? (num ?? 0) / den : (num ?? 0);
  return Number.isFinite(fps) && fps > 0 ? fps : 0;
}

export function isVariableRate(nominal: number, average: number): boolean {
  return nominal > 0 && average > 0 && average < nominal * 0.95;
}

export function outputFrameRate(nominal: number, average: number): number {
  const plausibleNominal = nominal > 0 && nominal <= 240 ? nominal : 0;
  if (isVariableRate(plausibleNominal, average) || plausibleNominal === 0)
    return Math.min(VARIABLE_RATE_FPS, plausibleNominal || VARIABLE_RATE_FPS);
  // Keep the source's exact rate (29.97 stays 30000/1001-ish), capped.
  return Math.min(MAX_OUTPUT_FPS, Math.round(plausibleNominal * 1000) / 1000);
}
