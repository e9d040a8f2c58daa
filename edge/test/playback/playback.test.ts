import { describe, expect, it } from "vitest";
import { rewritePlaylist } from "../../src/playback/rewrite-playlist.ts";
import { enrolInCourseOf } from "../courses/fixtures.ts";
import { call, callJson, registerAndLogin } from "../support/api.ts";
import { putObject, services, uploadAndComplete } from "../support/media.ts";
import { postEvent, readyEvent } from "../support/webhooks.ts";

const MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
720p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
360p/index.m3u8
`;
const variant = (name: string) => `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="init.mp4"
#EXTINF:2.000,
seg_00001.m4s
#EXTINF:2.000,
seg_00002.m4s
#EXT-X-ENDLIST
${name === "x" ? "" : ""}`;

/** A ready video whose outputs really exist in the S3 stand-in. */
async function readyVideo() {
  const owner = await registerAndLogin("instructor");
  const id = await uploadAndComplete(owner);
  const prefix = `videos/${id}/`;
  await putObject(`${prefix}hls/master.m3u8`, MASTER, "application/vnd.apple.mpegurl");
  for (const rung of ["720p", "360p"]) {
    await putObject(
      `${prefix}hls/${rung}/index.m3u8`,
      variant(rung),
      "application/vnd.apple.mpegurl",
    );
    await putObject(`${prefix}hls/${rung}/init.mp4`, `init-${rung}`);
    await putObject(`${prefix}hls/${rung}/seg_00001.m4s`, `seg1-${rung}`);
    await putObject(`${prefix}hls/${rung}/seg_00002.m4s`, `seg2-${rung}`);
  }
  await putObject(`${prefix}download.mp4`, "mp4-bytes", "video/mp4");
  await putObject(`${prefix}audio.mp3`, "mp3-bytes", "audio/mpeg");
  await putObject(`${prefix}poster.jpg`, "jpeg-bytes", "image/jpeg");
  expect((await postEvent(readyEvent(id, { title: undefined }))).status).toBe(200);
  return { owner, id };
}

describe("playlist rewriting (unit)", () => {
  it("should rewrite media lines and URI attributes, dropping URIs that leave the tree", async () => {
    const out = await rewritePlaylist(
      '#EXT-X-MAP:URI="init.mp4"\nseg_1.m4s\n../../../etc/passwd\nhttps://evil.test/x.m4s\n',
      "videos/v/hls/720p/index.m3u8",
      async (key) => `signed:${key}`,
    );
    expect(out).toBe(
      '#EXT-X-MAP:URI="signed:videos/v/hls/720p/init.mp4"\nsigned:videos/v/hls/720p/seg_1.m4s\n',
    );
  });
});

describe("HLS playback through the Worker", () => {
  it("should serve playlists whose every URI really downloads", async () => {
    const { owner, id } = await readyVideo();
    const links = await callJson<{ master: string; mp4: string; mp3: string; poster: string }>(
      `/videos/${id}/playback`,
      { token: owner.access },
    );
    expect(links.status).toBe(200);
    const master = await call(
      new URL(links.body.master).pathname + new URL(links.body.master).search,
    );
    expect(master.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const masterText = await master.text();
    const variants = masterText.split("\n").filter((l) => l.startsWith("http"));
    expect(variants).toHaveLength(2);

    const variantUrl = new URL(variants[0]!);
    const variantText = await (await call(variantUrl.pathname + variantUrl.search)).text();
    const init = /URI="([^"]+)"/.exec(variantText)![1]!;
    const segments = variantText.split("\n").filter((l) => l.startsWith("http"));
    expect(segments).toHaveLength(2);
    expect(await (await fetch(init)).text()).toBe("init-720p");
    expect(await (await fetch(segments[1]!)).text()).toBe("seg2-720p");
    expect(await (await fetch(links.body.poster)).text()).toBe("jpeg-bytes");
  });

  it("should rewrite a variant playlist once and serve it from the edge cache, never the master", async () => {
    const { owner, id } = await readyVideo();
    const links = await callJson<{ master: string }>(`/videos/${id}/playback`, {
      token: owner.access,
    });
    const master = new URL(links.body.master);
    const variantUrl = new URL(
      (await (await call(master.pathname + master.search)).text())
        .split("\n")
        .find((l) => l.startsWith("http"))!,
    );
    const first = await (await call(variantUrl.pathname + variantUrl.search)).text();
    const ttl = services().config.PLAYBACK_URL_TTL_SECONDS;
    expect(
      new URL(first.split("\n").find((l) => l.startsWith("http"))!).searchParams.get(
        "X-Amz-Expires",
      ),
    ).toBe(String(2 * ttl));

    // Storage changes underneath: the variant comes from the cache, the master does not.
    const prefix = `videos/${id}/hls/`;
    await putObject(
      `${prefix}720p/index.m3u8`,
      variant("x").replace("seg_00002", "seg_00009"),
      "application/vnd.apple.mpegurl",
    );
    await putObject(
      `${prefix}master.m3u8`,
      MASTER.replace("360p/index.m3u8\n", ""),
      "application/vnd.apple.mpegurl",
    );
    expect(await (await call(variantUrl.pathname + variantUrl.search)).text()).toBe(first);
    const masterAgain = await (await call(master.pathname + master.search)).text();
    expect(masterAgain.split("\n").filter((l) => l.startsWith("http"))).toHaveLength(1);
  });

  it("should not serve playlists without a valid playback token", async () => {
    const { id } = await readyVideo();
    expect((await call(`/videos/${id}/playback/master.m3u8`)).status).toBe(401);
    expect(
      (await call(`/videos/${id}/playback/master.m3u8?token=9999999999.${"0".repeat(64)}`)).status,
    ).toBe(401);
    expect(
      (await call(`/videos/${id}/playback/720p/index.m3u8?token=1.${"0".repeat(64)}`)).status,
    ).toBe(401);
  });

  it("should redirect downloads to a presigned URL with a file name", async () => {
    const { owner, id } = await readyVideo();
    const response = await call(`/videos/${id}/download?format=mp3`, { token: owner.access });
    expect(response.status).toBe(302);
    const file = await fetch(response.headers.get("location")!);
    expect(await file.text()).toBe("mp3-bytes");
    expect(file.headers.get("content-disposition")).toContain('filename="Lecture 1.mp3"');
  });

  it("should let enrolled students watch ready lectures of a published course, nothing else", async () => {
    const { owner, id } = await readyVideo();
    const student = await registerAndLogin("student");
    // Uploaded without a course: the owner's private, unpublished Unsorted course.
    expect((await call(`/videos/${id}/playback`, { token: student.access })).status).toBe(404);
    await enrolInCourseOf(owner, student, id);
    expect((await call(`/videos/${id}/playback`, { token: student.access })).status).toBe(200);
    const listed = await callJson<{ items: Array<{ id: string }> }>("/videos?limit=100", {
      token: student.access,
    });
    expect(listed.body.items.map((v) => v.id)).toEqual([id]);
    const pending = await uploadAndComplete(owner);
    expect((await call(`/videos/${pending}`, { token: student.access })).status).toBe(404);
    expect((await call(`/videos/${pending}/playback`, { token: student.access })).status).toBe(404);
  }, 30_000);
});
