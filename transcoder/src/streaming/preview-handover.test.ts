import { describe, expect, it } from "vitest";
import { parseMediaPlaylist } from "./media-playlist.ts";
import { handedOverPlaylist } from "./preview-handover.ts";

const playlist = (init: string, count: number) =>
  parseMediaPlaylist(
    [
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      "#EXT-X-TARGETDURATION:2",
      "#EXT-X-PLAYLIST-TYPE:EVENT",
      `#EXT-X-MAP:URI="${init}"`,
      ...Array.from({ length: count }, (_, i) => [
        "#EXTINF:2.000000,",
        `seg_${String(i).padStart(5, "0")}.m4s`,
      ]).flat(),
    ].join("\n"),
  );

describe("the preview's playlist after the handover", () => {
  it("should list the preview's kept segments, then the ladder rung's from there after a discontinuity", () => {
    const text = handedOverPlaylist(
      playlist("init.mp4", 3),
      3,
      playlist("init_1.mp4", 6),
      2,
      false,
    );
    expect(text.split("\n").filter((l) => l && !l.startsWith("#EXTINF"))).toEqual([
      "#EXTM3U",
      "#EXT-X-VERSION:7",
      "#EXT-X-TARGETDURATION:2",
      "#EXT-X-PLAYLIST-TYPE:EVENT",
      '#EXT-X-MAP:URI="init.mp4"',
      "seg_00000.m4s",
      "seg_00001.m4s",
      "seg_00002.m4s",
      "#EXT-X-DISCONTINUITY",
      '#EXT-X-MAP:URI="ladder_init_1.mp4"',
      "ladder_seg_00003.m4s",
      "ladder_seg_00004.m4s",
    ]);
  });

  it("should add no discontinuity before the ladder has a segment past the preview, and end as VOD", () => {
    const growing = handedOverPlaylist(
      playlist("init.mp4", 4),
      4,
      playlist("init.mp4", 3),
      0,
      false,
    );
    expect(growing).not.toMatch(/DISCONTINUITY|ENDLIST/);
    const final = handedOverPlaylist(playlist("init.mp4", 4), 4, playlist("init.mp4", 5), 1, true);
    expect(final).toMatch(/#EXT-X-PLAYLIST-TYPE:VOD/);
    expect(final.trim().endsWith("#EXT-X-ENDLIST")).toBe(true);
  });
});
