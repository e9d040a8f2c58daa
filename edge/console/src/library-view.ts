import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";
import { formatDuration } from "./format.ts";
import { playbackLinks } from "./playback-links.ts";
import type { User, Video } from "./types.ts";

const STATE_LABEL: Record<Video["state"], string> = {
  awaiting_upload: "Waiting for upload",
  uploaded: "Uploaded",
  queued: "Queued",
  processing: "Processing",
  ready: "Ready",
  failed: "Failed",
  deleted: "Deleted",
};

export function stateText(video: Video): string {
  if (video.state === "processing") {
    // Course lectures carry no percentage.
    const percent = Number.isFinite(video.progress) ? ` ${Math.round(video.progress)}%` : "";
    return video.playable ? `Playable · processing${percent}` : `Processing${percent}`;
  }
  if (video.state === "failed" && video.failure)
    return `Failed: ${video.failure.reason.replaceAll("_", " ")}`;
  return STATE_LABEL[video.state];
}

/** Posters need a short-lived URL: an <img> cannot send the Authorization header. */
function posterImage(api: Api, videoId: string): HTMLImageElement {
  const img = h("img", { alt: "", loading: "lazy" });
  void playbackLinks(api, videoId)
    .then((links) => {
      if (links.poster) img.src = links.poster;
    })
    .catch(() => img.remove());
  return img;
}

/**
 * The user's videos (instructors) or the watchable ones (students: ready, or playable
 * while still processing), refreshed while any is in flight.
 */
export function libraryView(api: Api, user: User): HTMLElement & { reload: () => Promise<void> } {
  const list = h("ul", { className: "library", "aria-live": "polite" });
  const section = h(
    "section",
    {},
    h("h2", {}, user.role === "student" ? "Lectures" : "Your videos"),
    list,
  );
  let timer: number | undefined;

  const render = (videos: Video[]) => {
    list.replaceChildren(
      ...videos.map((video) =>
        h(
          "li",
          {
            className: `video ${video.state}${video.playable ? " playable" : ""}`,
            "data-video-id": video.id,
          },
          video.state === "ready"
            ? posterImage(api, video.id)
            : h("div", { className: "poster-placeholder" }),
          h("a", { href: `#/videos/${video.id}` }, video.title),
          h("span", { className: "state" }, stateText(video)),
          video.durationSeconds
            ? h("span", { className: "duration" }, formatDuration(video.durationSeconds))
            : null,
          video.state === "processing" ? h("progress", { max: 100, value: video.progress }) : null,
        ),
      ),
    );
    if (videos.length === 0) list.append(h("li", {}, "No videos yet."));
  };

  const load = async () => {
    try {
      const { items } = await api.request<{ items: Video[] }>("GET", "/videos?limit=50");
      render(items);
      const inFlight = items.some((v) => ["uploaded", "queued", "processing"].includes(v.state));
      window.clearTimeout(timer);
      if (inFlight && section.isConnected) timer = window.setTimeout(() => void load(), 2000);
    } catch (err) {
      notify(describeError(err), "error");
    }
  };
  void load();
  return Object.assign(section, { reload: load });
}
