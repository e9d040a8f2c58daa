import { describe, expect, it } from "vitest";
import {
  canTransition,
  liveStates,
  statesAcceptingProgress,
  statesAcceptingPlayable,
  isWatchable,
  statesLeadingTo,
  statesWithJob,
  VIDEO_STATES,
} from "./video-state.ts";

describe("video lifecycle", () => {
  it("should allow the happy path in order", () => {
    const path = ["awaiting_upload", "uploaded", "queued", "processing", "ready"] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it("should not move backwards", () => {
    expect(canTransition("ready", "processing")).toBe(false);
    expect(canTransition("processing", "queued")).toBe(false);
    expect(canTransition("queued", "uploaded")).toBe(false);
  });

  it("should reach failed from non-terminal states only", () => {
    expect(statesLeadingTo("failed").sort()).toEqual(
      ["awaiting_upload", "processing", "queued", "uploaded"].sort(),
    );
  });

  it("should reach deleted from every state but deleted", () => {
    expect(statesLeadingTo("deleted")).toEqual(VIDEO_STATES.filter((s) => s !== "deleted"));
  });

  it("should not treat staying put as a transition", () => {
    for (const s of VIDEO_STATES) expect(canTransition(s, s)).toBe(false);
  });

  it("should publish jobs only while a video can still become ready", () => {
    expect(statesWithJob()).toEqual(["uploaded", "queued", "processing"]);
  });

  it("should accept progress on the way to processing and within it", () => {
    expect(statesAcceptingProgress().sort()).toEqual(["processing", "queued", "uploaded"].sort());
  });

  it("should treat every state but deleted as live", () => {
    expect(liveStates()).not.toContain("deleted");
    expect(liveStates()).toHaveLength(VIDEO_STATES.length - 1);
  });

  it("should let a video be watched when ready, or while processing once playable", () => {
    expect(isWatchable("ready", false)).toBe(true);
    expect(isWatchable("processing", true)).toBe(true);
    expect(isWatchable("queued", true)).toBe(true);
    expect(isWatchable("processing", false)).toBe(false);
    for (const s of ["failed", "deleted", "awaiting_upload"] as const)
      expect(isWatchable(s, true)).toBe(false);
  });

  it("should accept a playable report exactly where progress applies", () => {
    expect(statesAcceptingPlayable()).toEqual(statesAcceptingProgress());
  });
});
