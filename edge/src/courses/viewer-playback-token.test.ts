import { describe, expect, it } from "vitest";
import { issueViewerPlaybackToken, readViewerPlaybackToken } from "./viewer-playback-token.ts";

const SECRET = "whsec_unit_test_secret_0123456789";
const VIDEO = crypto.randomUUID();
const STUDENT = { id: crypto.randomUUID(), role: "student" as const };

describe("viewer playback tokens", () => {
  it("should name the viewer it was issued to", async () => {
    const token = await issueViewerPlaybackToken(SECRET, VIDEO, STUDENT, 60);
    expect(await readViewerPlaybackToken([SECRET], VIDEO, token)).toEqual(STUDENT);
  });

  it("should not authorize another video, a raised role, another viewer, or an expired token", async () => {
    const token = await issueViewerPlaybackToken(SECRET, VIDEO, STUDENT, 60);
    expect(await readViewerPlaybackToken([SECRET], crypto.randomUUID(), token)).toBeNull();
    expect(
      await readViewerPlaybackToken([SECRET], VIDEO, token.replace(/^student\./, "admin.")),
    ).toBeNull();
    expect(
      await readViewerPlaybackToken(
        [SECRET],
        VIDEO,
        token.replace(STUDENT.id, crypto.randomUUID()),
      ),
    ).toBeNull();
    expect(
      await readViewerPlaybackToken(["whsec_another_secret_0123456789"], VIDEO, token),
    ).toBeNull();
    const expired = await issueViewerPlaybackToken(SECRET, VIDEO, STUDENT, -10);
    expect(await readViewerPlaybackToken([SECRET], VIDEO, expired)).toBeNull();
  });
});
