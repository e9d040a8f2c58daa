import { describe, expect, it } from "vitest";
import {
  formatGrowingRewrite,
  isComplete,
  parseGrowingRewrite,
  rewriteGrowingPlaylist,
} from "./growing-playlist.ts";
import { rewritePlaylist } from "./rewrite-playlist.ts";

const KEY = "videos/v/hls/copy/index.m3u8";
const head = '#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI="init.mp4"\n';
const playlist = (from: number, to: number) => {
  let text = "";
  for (let i = from; i <= to; i++) text += `#EXTINF:2.000,\nseg_${i}.m4s\n`;
  return text;
};

/** A signer that counts what it signs and stamps each URL with its round. */
function signer(round: string) {
  const signed: string[] = [];
  return {
    signed,
    urlFor: async (key: string) => {
      signed.push(key);
      return `https://s3/${key}?r=${round}`;
    },
  };
}

describe("growing playlists", () => {
  it("should tell a complete playlist from a growing one", () => {
    expect(isComplete(`${head}${playlist(1, 2)}#EXT-X-ENDLIST\n`)).toBe(true);
    expect(isComplete(`${head}${playlist(1, 2)}`)).toBe(false);
  });

  it("should presign only the lines added since the kept rewrite, and keep it once enough were added", async () => {
    const first = signer("1");
    const start = await rewriteGrowingPlaylist(
      head + playlist(1, 2),
      KEY,
      first.urlFor,
      null,
      3600,
      0,
    );
    expect(first.signed).toHaveLength(3);
    expect(start.keep).not.toBeNull();
    const kept = parseGrowingRewrite(formatGrowingRewrite(start.keep!));
    expect(kept).toEqual(start.keep);

    const second = signer("2");
    const grown = await rewriteGrowingPlaylist(
      head + playlist(1, 3),
      KEY,
      second.urlFor,
      kept,
      3600,
      1000,
    );
    expect(second.signed).toEqual(["videos/v/hls/copy/seg_3.m4s"]);
    expect(grown.body).toBe(
      `${start.body}#EXTINF:2.000,\nhttps://s3/videos/v/hls/copy/seg_3.m4s?r=2\n`,
    );
    // One segment is not worth writing a megabyte back to the cache.
    expect(grown.keep).toBeNull();

    const third = signer("3");
    const many = await rewriteGrowingPlaylist(
      head + playlist(1, 60),
      KEY,
      third.urlFor,
      kept,
      3600,
      2000,
    );
    expect(third.signed).toHaveLength(58);
    expect(many.keep).toMatchObject({ signedAt: 0, raw: head + playlist(1, 60) });
  });

  it("should give the same text as a full rewrite, partial last line included", async () => {
    const text = head + playlist(1, 4) + "#EXTINF:2.000,";
    const full = await rewritePlaylist(text, KEY, signer("x").urlFor);
    const kept = (
      await rewriteGrowingPlaylist(head + playlist(1, 2), KEY, signer("x").urlFor, null, 60, 0)
    ).keep;
    const { body } = await rewriteGrowingPlaylist(text, KEY, signer("x").urlFor, kept, 60, 1);
    expect(body).toBe(full);
  });

  it("should start again when the text does not extend the kept one or its URLs are too old", async () => {
    const { keep } = await rewriteGrowingPlaylist(
      head + playlist(1, 3),
      KEY,
      signer("1").urlFor,
      null,
      60,
      0,
    );
    const rebuilt = signer("2");
    await rewriteGrowingPlaylist(head + playlist(1, 2), KEY, rebuilt.urlFor, keep, 60, 1);
    expect(rebuilt.signed).toHaveLength(3);
    const old = signer("3");
    const later = await rewriteGrowingPlaylist(
      head + playlist(1, 4),
      KEY,
      old.urlFor,
      keep,
      60,
      60_000,
    );
    expect(old.signed).toHaveLength(5);
    expect(later.keep?.signedAt).toBe(60_000);
  });
});
