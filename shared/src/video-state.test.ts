import { describe, expect, it } from "vitest";
import { canTransition, statesLeadingTo, VIDEO_STATES } from "./video-state.ts";

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
});
