/**
 * The constant frame rate every encoded rung is made at (README "Frame rate"):
 * a constant-rate source keeps its rate, capped at 60; a variable-rate source
 * (phones, screen recorders: average more than 5 % below nominal) becomes 30
 * fps, or its nominal rate when that is lower. Keyframes then fall exactly on the
 * 2 s segment grid, and no rung runs at a phone's 120 fps timebase.
 */
export declare const MAX_OUTPUT_FPS = 60;
export declare const VARIABLE_RATE_FPS = 30;
export declare function parseRate(rate: string | undefined): number;
export declare function isVariableRate(nominal: number, average: number): boolean;
export declare function outputFrameRate(nominal: number, average: number): number;
