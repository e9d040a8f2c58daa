import { DEFAULT_LADDER, type TranscodeJob } from "@coursecast/shared";
import { describe, expect, it } from "vitest";
import { refusalOf } from "./job-guard.ts";

const EDGE = "https://edge.example.com";

function job(overrides: Partial<TranscodeJob> = {}): TranscodeJob {
  return {
    jobId: "v1.1",
    videoId: "v1",
    attempt: 1,
    source: { bucket: "media", key: "uploads/v1/source", size: 10, contentType: "video/mp4" },
    output: { bucket: "media", prefix: "videos/v1/" },
    ladder: [...DEFAULT_LADDER],
    webhookUrl: `${EDGE}/webhooks/transcoder`,
    requestedAt: new Date().toISOString(),
    ...overrides,
  };
}

describe("refusalOf", () => {
  it("should accept a job the edge publishes", () => {
    expect(refusalOf(job(), EDGE)).toBeNull();
    expect(refusalOf(job(), `${EDGE}/`)).toBeNull();
  });

  it("should refuse a webhook URL outside the configured edge origin", () => {
    for (const webhookUrl of [
      "https://attacker.example/webhooks/transcoder",
      "http://edge.example.com/webhooks/transcoder",
      "https://edge.example.com:8443/webhooks/transcoder",
      "https://edge.example.com.attacker.example/webhooks/transcoder",
      "https://user@attacker.example/webhooks/transcoder",
    ])
      expect(refusalOf(job({ webhookUrl }), EDGE), webhookUrl).toMatch(/webhookUrl/);
  });

  it("should refuse a webhook URL outside the edge's path when the edge has one", () => {
    const edge = "https://example.com/coursecast";
    expect(refusalOf(job({ webhookUrl: `${edge}/webhooks/transcoder` }), edge)).toBeNull();
    expect(refusalOf(job({ webhookUrl: "https://example.com/other/hook" }), edge)).toMatch(
      /webhookUrl/,
    );
    expect(refusalOf(job({ webhookUrl: "https://example.com/coursecast-evil/x" }), edge)).toMatch(
      /webhookUrl/,
    );
  });

  it("should refuse a source key outside uploads/<videoId>/", () => {
    for (const key of [
      "videos/v2/hls/master.m3u8",
      "uploads/v2/source",
      "uploads/v1/../v2/source",
      "secrets.txt",
      "uploads/v1",
    ])
      expect(refusalOf(job({ source: { ...job().source, key } }), EDGE), key).toMatch(
        /source\.key/,
      );
  });

  it("should refuse an output prefix other than videos/<videoId>/", () => {
    for (const prefix of ["videos/v2/", "videos/", "uploads/v1/", "videos/v1/../v2/", "/"])
      expect(refusalOf(job({ output: { ...job().output, prefix } }), EDGE), prefix).toMatch(
        /output\.prefix/,
      );
  });

  it("should refuse a video id that could escape its folder", () => {
    for (const videoId of ["..", "a/b", "v1/../v2", ""])
      expect(
        refusalOf(
          job({
            videoId,
            source: { ...job().source, key: `uploads/${videoId}/source` },
            output: { ...job().output, prefix: `videos/${videoId}/` },
          }),
          EDGE,
        ),
        videoId,
      ).toMatch(/videoId/);
  });
});
