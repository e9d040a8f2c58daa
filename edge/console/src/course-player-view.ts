import { ApiError, describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";
import { formatBytes, formatDuration } from "./format.ts";
import { playHls, type HlsSource } from "./hls-source.ts";
import { playbackLinks } from "./playback-links.ts";

/** How often a playing lecture's position is saved. */
const SAVE_EVERY_MS = 10_000;
/** Closer than this to the end, a lecture starts again from the top. */
const RESTART_NEAR_END_SECONDS = 5;
/** How often a lecture still processing is asked whether it is ready. */
const POLL_MS = 3000;

/**
 * A course for its student: the lecture list with ticks for completed ones, the
 * player resuming where they left off (saving every ~10 s, on pause and on
 * leaving), and the course's files.
 */
export function coursePlayerView(
  api: Api,
  courseId: string,
  lectureId: string | undefined,
): HTMLElement & { dispose: () => void } {
  const section = h("section", { className: "course-player" }, h("p", {}, "Loading…"));
  let source: HlsSource | null = null;
  let timer: number | undefined;
  let poll: number | undefined;
  let saveNow: (() => void) | null = null;

  const dispose = () => {
    saveNow?.();
    window.clearInterval(timer);
    window.removeEventListener("pagehide", onLeave);
    window.clearTimeout(poll);
    source?.destroy();
    source = null;
  };
  const onLeave = () => saveNow?.();

  const render = async () => {
    const [{ course }, progress] = await Promise.all([
      api.client.getCourse(courseId),
      api.client.courseProgress(courseId),
    ]);
    const lectures = (course.sections ?? []).flatMap((s) => s.lectures);
    const done = new Map(progress.lectures.map((l) => [l.id, l]));
    const current =
      lectures.find((l) => l.id === lectureId) ??
      lectures.find((l) => !done.get(l.id)?.completed) ??
      lectures[0];
    const sections = course.sections ?? [];
    // Section titles head their lectures once a course has more than one section.
    const headingBefore = new Map(
      sections.length > 1
        ? sections.flatMap((s) => (s.lectures[0] ? [[s.lectures[0].id, s.title] as const] : []))
        : [],
    );
    const list = h(
      "ol",
      { className: "lectures" },
      ...lectures.flatMap((lecture) => [
        headingBefore.has(lecture.id)
          ? h("li", { className: "section-heading" }, headingBefore.get(lecture.id)!)
          : null,
        h(
          "li",
          {
            className: `lecture${lecture.id === current?.id ? " current" : ""}${done.get(lecture.id)?.completed ? " completed" : ""}`,
            "data-video-id": lecture.id,
          },
          h(
            "span",
            {
              className: "tick",
              "aria-label": done.get(lecture.id)?.completed ? "Completed" : "Not completed",
            },
            done.get(lecture.id)?.completed ? "✓" : "○",
          ),
          h("a", { href: `#/learn/${courseId}/${lecture.id}` }, lecture.title),
          lecture.state === "processing"
            ? h("span", { className: "state" }, "Playable · processing")
            : null,
          lecture.durationSeconds
            ? h("span", { className: "duration" }, formatDuration(lecture.durationSeconds))
            : null,
        ),
      ]),
    );
    const files = [
      // The cover image shows on the course cards; the rest are the course's handouts.
      ...course.files
        .filter((file) => file.kind !== "image")
        .map((file) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                onclick: () =>
                  void openUrl(api, `/courses/${courseId}/files/${file.id}?redirect=false`),
              },
              file.filename,
            ),
            ` ${formatBytes(file.size)}`,
          ),
        ),
      ...(current?.attachments ?? []).map((file) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              onclick: () =>
                void openUrl(api, `/videos/${current!.id}/attachments/${file.id}?redirect=false`),
            },
            file.filename,
          ),
          ` ${formatBytes(file.size)}`,
        ),
      ),
    ];
    section.replaceChildren(
      h("h2", {}, course.title),
      h(
        "p",
        { className: "stats" },
        `${progress.completed} of ${progress.total} lectures completed`,
      ),
      current ? await player(current.id, current.title) : h("p", {}, "No lectures yet."),
      list,
      h("h3", {}, "Files"),
      files.length
        ? h("ul", { className: "attachments" }, ...files)
        : h("p", { className: "empty" }, "No files for this course."),
      course.access === "view"
        ? h(
            "button",
            {
              type: "button",
              className: "danger",
              onclick: async () => {
                if (!confirm(`Leave “${course.title}”? You will need a new invite to come back.`))
                  return;
                try {
                  await api.client.leaveCourse(courseId);
                  location.hash = "#/learn";
                } catch (err) {
                  notify(describeError(err), "error");
                }
              },
            },
            "Leave course",
          )
        : "",
    );
  };

  const player = async (videoId: string, title: string): Promise<HTMLElement> => {
    const [links, { progress }] = await Promise.all([
      playbackLinks(api, videoId),
      api.client.lectureProgress(videoId),
    ]);
    const element = h("video", {
      controls: true,
      playsinline: true,
      poster: links.poster ?? "",
      "aria-label": title,
    });
    let lastSaved = -1;
    // The timer skips a position already saved; a pause, the end or leaving always saves:
    // the moment a student expects their place kept, even if the timer saved just before.
    const save = (always = false) => {
      const duration = element.duration;
      if (!Number.isFinite(duration) || duration <= 0) return;
      const position = element.currentTime;
      if (!always && Math.abs(position - lastSaved) < 0.5) return;
      lastSaved = position;
      // keepalive: the save still goes out while the page is being left.
      void api.client.saveProgress(videoId, { position, duration }).catch(() => undefined);
    };
    saveNow = () => save(true);
    const resumeAt =
      progress.position > 0 && progress.position < progress.duration - RESTART_NEAR_END_SECONDS
        ? progress.position
        : 0;
    element.addEventListener(
      "loadedmetadata",
      () => {
        if (resumeAt > 0) element.currentTime = resumeAt;
      },
      { once: true },
    );
    element.addEventListener("pause", () => save(true));
    element.addEventListener("ended", () => save(true));
    timer = window.setInterval(() => {
      if (!element.paused) save();
    }, SAVE_EVERY_MS);
    window.addEventListener("pagehide", onLeave);
    // A growing playlist looks live to hls.js, which would start near its end: start at 0.
    source = await playHls(
      element,
      links.master,
      resumeAt > 0 ? resumeAt : links.processing ? 0 : -1,
    );
    const downloads = (mp4: string | null) =>
      h(
        "div",
        { className: "downloads" },
        mp4 ? h("a", { href: mp4, download: "", className: "button" }, "Download MP4") : null,
      );
    const below = links.processing
      ? h(
          "p",
          { className: "note processing-note" },
          "Still processing: more qualities are coming.",
        )
      : downloads(links.mp4);
    if (links.processing) {
      // At ready the player moves to the full ladder in place, where the student is.
      const check = async () => {
        if (!element.isConnected) return;
        const { video } = await api.client.getVideo(videoId);
        if (video.state === "ready") {
          const next = await playbackLinks(api, videoId);
          source?.switchTo(next.master);
          if (next.poster) element.poster = next.poster;
          below.replaceWith(downloads(next.mp4));
        } else if (video.state !== "failed") {
          poll = window.setTimeout(() => void check().catch(() => undefined), POLL_MS);
        }
      };
      poll = window.setTimeout(() => void check().catch(() => undefined), POLL_MS);
    }
    return h("div", { className: "player", "data-resume-at": String(resumeAt) }, element, below);
  };

  void render().catch((err: unknown) => {
    // A course you may not watch looks like one that does not exist (the edge answers 404).
    if (err instanceof ApiError && err.status === 404)
      section.replaceChildren(
        h("h2", {}, "Course not available"),
        h(
          "p",
          {},
          "This course does not exist, is not published yet, or you are not enrolled in it. ",
          h("a", { href: "#/learn" }, "Back to My learning"),
        ),
      );
    else notify(describeError(err), "error");
  });
  return Object.assign(section, { dispose });
}

async function openUrl(api: Api, path: string): Promise<void> {
  const { url } = await api.request<{ url: string }>("GET", path);
  window.location.assign(url);
}
