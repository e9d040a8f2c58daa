/**
 * The video lifecycle. This module is the only code that decides whether a
 * transition is allowed; stores apply it as a conditional update filtered on
 * the expected current state, so late or duplicate messages never move a
 * video backwards.
 */
export const VIDEO_STATE = {
  awaitingUpload: "awaiting_upload",
  uploaded: "uploaded",
  queued: "queued",
  processing: "processing",
  ready: "ready",
  failed: "failed",
  deleted: "deleted",
} as const;

export type VideoState = (typeof VIDEO_STATE)[keyof typeof VIDEO_STATE];

export const VIDEO_STATES = Object.values(VIDEO_STATE) as readonly VideoState[];

export const TERMINAL_STATES: readonly VideoState[] = ["ready", "failed", "deleted"];

const FORWARD: Readonly<Record<VideoState, readonly VideoState[]>> = {
  awaiting_upload: ["uploaded"],
  // A worker may report before the edge has recorded `queued` (the publish
  // succeeded but the edge's write after it did not), hence uploaded → processing/ready.
  uploaded: ["queued", "processing", "ready"],
  queued: ["processing", "ready"],
  processing: ["ready"],
  ready: [],
  failed: [],
  deleted: [],
};

export function isTerminal(state: VideoState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** True when `from → to` is a legal move of the lifecycle. Staying put is not a transition. */
export function canTransition(from: VideoState, to: VideoState): boolean {
  if (from === to) return false;
  if (to === "deleted") return from !== "deleted";
  if (to === "failed") return !isTerminal(from);
  return FORWARD[from].includes(to);
}

/** The states from which `to` may be reached: the filter of a conditional update. */
export function statesLeadingTo(to: VideoState): VideoState[] {
  return VIDEO_STATES.filter((from) => canTransition(from, to));
}

/**
 * States in which a transcode job may be (re)published: the video can still
 * become ready through one (a silent `processing` job is published again).
 */
export function statesWithJob(): VideoState[] {
  return statesLeadingTo("ready");
}

/** States in which a progress report applies: on the way to `processing`, or in it. */
export function statesAcceptingProgress(): VideoState[] {
  return [...statesLeadingTo("processing"), "processing"];
}

/**
 * States in which a `playable` report applies: the same as progress (a playable
 * video is still `processing`; `playable` is a flag beside the state, set once and
 * kept until the video is ready, failed or deleted). A `playable` report moves an
 * `uploaded` or `queued` video to `processing`.
 */
export function statesAcceptingPlayable(): VideoState[] {
  return statesAcceptingProgress();
}

/** True when a video in `state` may be played: ready, or processing and marked playable. */
export function isWatchable(state: VideoState, playable: boolean): boolean {
  return state === "ready" || (playable && statesAcceptingPlayable().includes(state));
}

/** States of a video that still exists: it may be renamed or given attachments. */
export function liveStates(): VideoState[] {
  return statesLeadingTo("deleted");
}

/** Progress only moves forward within `processing`. */
export function isProgressForward(current: number, next: number): boolean {
  return next > current;
}
