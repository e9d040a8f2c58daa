import { describe, expect, it } from "vitest";
import { deleteSupersededRenditions } from "../../src/videos/delete-superseded.ts";
import { enrolInCourseOf } from "../courses/fixtures.ts";
import { call, callJson, registerAndLogin, type TestUser } from "../support/api.ts";
import { putObject, services, uploadAndComplete } from "../support/media.ts";
import { playableEvent, postEvent, readyEvent } from "../support/webhooks.ts";

// A video watchable while still processing (issue 15): the transcoder writes growing
// EVENT playlists to the S3 stand-in and sends `playable`, later `ready`.

const PLAYLIST = "application/vnd.apple.mpegurl";

const GROWING_MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-STREAM-INF:BANDWIDTH=5000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
copy/index.m3u8
`;
const VOD_MASTER = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
720p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
360p/index.m3u8
`;

/** An EVENT playlist of `segments` segments, closed with ENDLIST when `complete`. */
function eventPlaylist(segments: number, complete = false): string {
  let text = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:2
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-MAP:URI="init.mp4"
`;
  for (let i = 1; i <= segments; i++)
    text += `#EXTINF:2.000,\nseg_${String(i).padStart(5, "0")}.m4s\n`;
  return complete ? `${text}#EXT-X-ENDLIST\n` : text;
}

/** A processing video with a growing `copy` rung of `segments` segments, made playable. */
async function playableVideo(segments = 2) {
  const owner = await registerAndLogin("instructor");
  const id = await uploadAndComplete(owner);
  const hls = `videos/${id}/hls/`;
  await putObject(`${hls}master.m3u8`, GROWING_MASTER, PLAYLIST);
  await putObject(`${hls}copy/index.m3u8`, eventPlaylist(segments), PLAYLIST);
  await putObject(`${hls}copy/init.mp4`, "init-copy");
  for (let i = 1; i <= 3; i++) await putObject(`${hls}copy/seg_0000${i}.m4s`, `seg${i}-copy`);
  const response = await postEvent(playableEvent(id));
  expect(await response.json()).toEqual({ outcome: "applied" });
  return { owner, id, hls };
}

/** Writes the final outputs the `ready` event names. */
async function writeFinalOutputs(id: string) {
  const prefix = `videos/${id}/`;
  await putObject(`${prefix}hls/master.m3u8`, VOD_MASTER, PLAYLIST);
  for (const rung of ["720p", "360p"]) {
    await putObject(`${prefix}hls/${rung}/index.m3u8`, eventPlaylist(2, true), PLAYLIST);
    await putObject(`${prefix}hls/${rung}/init.mp4`, `init-${rung}`);
  }
  await putObject(`${prefix}download.mp4`, "mp4-bytes", "video/mp4");
  await putObject(`${prefix}poster.jpg`, "jpeg-bytes", "image/jpeg");
}

type Video = {
  state: string;
  playable: boolean;
  playableAt: string | null;
  durationSeconds?: number;
  notifications?: Array<{ type: string }>;
};
const getVideo = async (user: TestUser, id: string) =>
  (await callJson<{ video: Video }>(`/videos/${id}`, { token: user.access })).body.video;

type Links = {
  master: string;
  processing: boolean;
  poster: string | null;
  mp4: string | null;
  mp3: string | null;
};
const links = (user: TestUser, id: string) =>
  callJson<Links>(`/videos/${id}/playback`, { token: user.access });

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
const urls = (text: string) => text.split("\n").filter((line) => line.startsWith("http"));

/** The first variant playlist's URL (through the Worker) listed in the master. */
async function firstVariant(master: string): Promise<string> {
  const text = await (await call(pathOf(master))).text();
  return pathOf(urls(text)[0]!);
}

describe("the playable event", () => {
  it("should make a processing video playable once, replays changing nothing", async () => {
    const owner = await registerAndLogin("instructor");
    const id = await uploadAndComplete(owner);
    expect(await getVideo(owner, id)).toMatchObject({ playable: false, playableAt: null });
    expect((await links(owner, id)).status).toBe(404);

    const event = playableEvent(id);
    expect(await (await postEvent(event)).json()).toEqual({ outcome: "applied" });
    const video = await getVideo(owner, id);
    expect(video).toMatchObject({ state: "processing", playable: true, durationSeconds: 12.5 });
    expect(Date.parse(video.playableAt!)).not.toBeNaN();

    expect(await (await postEvent(event)).json()).toEqual({ outcome: "ignored" });
    // A rerun of the job sends a new playable event: the video stays playable since then.
    expect(await (await postEvent(playableEvent(id))).json()).toEqual({ outcome: "applied" });
    expect((await getVideo(owner, id)).playableAt).toBe(video.playableAt);
  });

  it("should refuse playable on a failed or deleted video", async () => {
    const owner = await registerAndLogin("instructor");
    const failed = await uploadAndComplete(owner);
    await postEvent({ ...playableEvent(failed), type: "failed", reason: "corrupt", message: "x" });
    expect(await (await postEvent(playableEvent(failed))).json()).toEqual({ outcome: "ignored" });
    expect(await getVideo(owner, failed)).toMatchObject({ state: "failed", playable: false });

    const deleted = await uploadAndComplete(owner);
    expect(
      (await call(`/videos/${deleted}`, { method: "DELETE", token: owner.access })).status,
    ).toBe(204);
    expect((await postEvent(playableEvent(deleted))).status).toBe(410);
  });

  it("should keep a playable video playable once ready, and say playable for a video that went straight to ready", async () => {
    const { owner, id } = await playableVideo();
    const playableAt = (await getVideo(owner, id)).playableAt;
    expect((await postEvent(readyEvent(id))).status).toBe(200);
    expect(await getVideo(owner, id)).toMatchObject({ state: "ready", playable: true, playableAt });

    const direct = await uploadAndComplete(owner);
    await postEvent(readyEvent(direct));
    const video = await getVideo(owner, direct);
    expect(video).toMatchObject({ state: "ready", playable: true });
    expect(video.playableAt).not.toBeNull();
  });

  it("should e-mail 'ready to watch' at playable, and not again at ready", async () => {
    const { owner, id } = await playableVideo();
    expect((await getVideo(owner, id)).notifications).toEqual([
      expect.objectContaining({ type: "ready", to: owner.email }),
    ]);
    await postEvent(playableEvent(id));
    await postEvent(readyEvent(id));
    expect((await getVideo(owner, id)).notifications).toHaveLength(1);
  });
});

describe("playback while processing", () => {
  it("should serve links, the growing master and a growing variant, then the final master at ready", async () => {
    const { owner, id } = await playableVideo(2);
    const first = await links(owner, id);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ processing: true, poster: null, mp4: null, mp3: null });

    const master = await call(pathOf(first.body.master));
    expect(master.status).toBe(200);
    expect(master.headers.get("cache-control")).toContain("no-cache");
    const variantPath = pathOf(urls(await master.text())[0]!);
    expect(variantPath).toContain("/playback/copy/index.m3u8");

    const variant = await call(variantPath);
    expect(variant.headers.get("cache-control")).toContain("no-cache");
    const text = await variant.text();
    expect(text).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    expect(text).not.toContain("#EXT-X-ENDLIST");
    expect(urls(text)).toHaveLength(2);
    expect(await (await fetch(urls(text)[1]!)).text()).toBe("seg2-copy");

    // The downloads are not there yet.
    expect((await call(`/videos/${id}/download?format=mp4`, { token: owner.access })).status).toBe(
      404,
    );
    expect((await call(`/videos/${id}/poster`, { token: owner.access })).status).toBe(404);

    await postEvent(readyEvent(id));
    const after = await links(owner, id);
    expect(after.body).toMatchObject({ processing: false });
    expect(after.body.mp4).not.toBeNull();
    await writeFinalOutputs(id);
    const finalMaster = await (await call(pathOf(after.body.master))).text();
    expect(urls(finalMaster).map((u) => new URL(u).pathname)).toEqual([
      `/videos/${id}/playback/720p/index.m3u8`,
      `/videos/${id}/playback/360p/index.m3u8`,
    ]);
  });

  it("should never serve a growing variant stale: each request shows the segments written so far", async () => {
    const { owner, id, hls } = await playableVideo(1);
    const variant = await firstVariant((await links(owner, id)).body.master);
    const one = await (await call(variant)).text();
    expect(urls(one)).toHaveLength(1);
    expect(await (await call(variant)).text()).toBe(one);

    await putObject(`${hls}copy/index.m3u8`, eventPlaylist(2), PLAYLIST);
    const two = await (await call(variant)).text();
    expect(urls(two)).toHaveLength(2);
    // The lines already signed are kept as they were; only the new one is signed now.
    expect(two.startsWith(one)).toBe(true);
    expect(await (await fetch(urls(two)[1]!)).text()).toBe("seg2-copy");

    await putObject(`${hls}copy/index.m3u8`, eventPlaylist(3, true), PLAYLIST);
    const done = await call(variant);
    expect(done.headers.get("cache-control")).toContain("max-age=60");
    const doneText = await done.text();
    expect(doneText).toContain("#EXT-X-ENDLIST");
    expect(urls(doneText)).toHaveLength(3);
    expect(await (await fetch(urls(doneText)[2]!)).text()).toBe("seg3-copy");

    // A complete playlist is rewritten once and served from the edge cache.
    await putObject(`${hls}copy/index.m3u8`, eventPlaylist(1, true), PLAYLIST);
    expect(await (await call(variant)).text()).toBe(doneText);
  });

  it("should rebuild a growing rewrite that the new text does not extend", async () => {
    const { owner, id, hls } = await playableVideo(2);
    const variant = await firstVariant((await links(owner, id)).body.master);
    expect(urls(await (await call(variant)).text())).toHaveLength(2);
    // A rerun rebuilds the playlist from its start (shorter, different lines).
    await putObject(`${hls}copy/index.m3u8`, eventPlaylist(1).replace("2.000", "1.500"), PLAYLIST);
    const rebuilt = await (await call(variant)).text();
    expect(urls(rebuilt)).toHaveLength(1);
    expect(rebuilt).toContain("#EXTINF:1.500,");
  });
});

describe("course access to a playable lecture", () => {
  it("should let an enrolled student play a playable lecture and list it, not a student who is not enrolled", async () => {
    const { owner, id } = await playableVideo(2);
    const student = await registerAndLogin("student");
    const outsider = await registerAndLogin("student");
    const courseId = await enrolInCourseOf(owner, student, id);

    const played = await links(student, id);
    expect(played.status).toBe(200);
    expect(played.body.processing).toBe(true);
    const variant = await call(await firstVariant(played.body.master));
    expect(variant.status).toBe(200);
    expect((await getVideo(student, id)).playable).toBe(true);

    const listed = await callJson<{ items: Array<{ id: string; playable: boolean }> }>(
      "/videos?limit=100",
      { token: student.access },
    );
    expect(listed.body.items).toEqual([expect.objectContaining({ id, playable: true })]);
    const course = await callJson<{
      course: { sections: Array<{ lectures: Array<{ id: string; playable: boolean }> }> };
    }>(`/courses/${courseId}`, { token: student.access });
    expect(course.body.course.sections.flatMap((s) => s.lectures)).toEqual([
      expect.objectContaining({ id, playable: true }),
    ]);

    expect((await links(outsider, id)).status).toBe(404);
    expect((await call(`/videos/${id}`, { token: outsider.access })).status).toBe(404);

    // Processing but not yet playable: still hidden from the student.
    const pending = await uploadAndComplete(owner);
    expect((await links(student, pending)).status).toBe(404);
  }, 30_000);
});

describe("superseded renditions", () => {
  it("should delete renditions superseded at ready after the grace period, not before", async () => {
    const { owner, id, hls } = await playableVideo(2);
    const other = await playableVideo(1);
    await postEvent(
      readyEvent(id, {
        // Another video's prefix is never the sender's to delete, nor one holding final outputs.
        supersededPrefixes: [`${hls}copy/`, `${other.hls}copy/`, hls, `videos/${id}/`],
      }),
    );
    expect((await getVideo(owner, id)).state).toBe("ready");
    const grace = services().config.SUPERSEDED_GRACE_SECONDS * 1000;
    const objects = services().objects;

    await deleteSupersededRenditions(services(), new Date(Date.now() + grace / 2));
    expect(await objects.head(`${hls}copy/seg_00001.m4s`)).not.toBeNull();

    await deleteSupersededRenditions(services(), new Date(Date.now() + grace + 60_000));
    expect(await objects.head(`${hls}copy/seg_00001.m4s`)).toBeNull();
    expect(await objects.head(`${hls}copy/index.m3u8`)).toBeNull();
    expect(await objects.head(`${hls}master.m3u8`)).not.toBeNull();
    expect(await objects.head(`${other.hls}copy/seg_00001.m4s`)).not.toBeNull();
  }, 30_000);
});
