import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";
import { formatBytes, formatDuration } from "./format.ts";
import { playHls, type HlsSource } from "./hls-source.ts";
import { stateText } from "./library-view.ts";
import { playbackLinks, type PlaybackLinks } from "./playback-links.ts";
import type { User, Video } from "./types.ts";

/** How often a video in flight is asked for its state. */
const POLL_MS = 2000;

/** One video: the HLS player, downloads, attachments; rename and delete for its owner. */
export function playerView(
  api: Api,
  user: User,
  videoId: string,
  onDeleted: () => void,
): HTMLElement {
  const section = h("section", { className: "player" }, h("p", {}, "Loading…"));
  let source: HlsSource | null = null;
  let poll: number | undefined;

  const later = (work: () => Promise<void>) => {
    window.clearTimeout(poll);
    poll = window.setTimeout(() => {
      // Leaving the page stops the polling and the player.
      if (!section.isConnected) {
        source?.destroy();
        return;
      }
      void work().catch((err: unknown) => notify(describeError(err), "error"));
    }, POLL_MS);
  };

  /** Downloads exist once the video is ready. */
  const downloads = (links: PlaybackLinks) =>
    h(
      "div",
      { className: "downloads" },
      links.mp4
        ? h("a", { href: links.mp4, download: "", className: "button" }, "Download MP4")
        : null,
      links.mp3
        ? h(
            "a",
            { href: links.mp3, download: "", className: "button", id: "download-mp3" },
            "Download MP3",
          )
        : null,
    );

  /**
   * A playable video still processing: the player keeps playing while the video is
   * polled; at ready it moves to the full ladder in place, at the same position.
   */
  const followProcessing = (state: HTMLElement, note: HTMLElement, element: HTMLVideoElement) => {
    const check = async () => {
      const { video } = await api.request<{ video: Video }>("GET", `/videos/${videoId}`);
      state.textContent = stateText(video);
      if (video.state === "ready") {
        const links = await playbackLinks(api, videoId);
        source?.switchTo(links.master);
        if (links.poster) element.poster = links.poster;
        note.replaceWith(downloads(links));
      } else if (video.state === "failed") {
        note.textContent = "Processing failed: only the qualities done so far can be played.";
      } else {
        later(check);
      }
    };
    later(check);
  };

  const render = async () => {
    // A re-render replaces the player: the old one stops loading first.
    window.clearTimeout(poll);
    source?.destroy();
    source = null;
    const { video } = await api.request<{ video: Video }>("GET", `/videos/${videoId}`);
    const canEdit = user.role === "admin" || user.role === "instructor";
    const title = h("h2", {}, video.title);
    const state = h("p", { className: "state" }, stateText(video));
    const children: Array<Node | null> = [title, state];
    if (video.playable) {
      const links = await playbackLinks(api, video.id);
      const element = h("video", {
        controls: true,
        playsinline: true,
        poster: links.poster ?? "",
        "aria-label": video.title,
      });
      // A growing playlist looks live to hls.js, which would start near its end: start at 0.
      source = await playHls(element, links.master, links.processing ? 0 : -1);
      const below = links.processing
        ? h(
            "p",
            { className: "note processing-note" },
            "Still processing: more qualities are coming.",
          )
        : downloads(links);
      children.push(
        element,
        h(
          "p",
          {},
          video.durationSeconds ? `Duration ${formatDuration(video.durationSeconds)}` : "",
        ),
        below,
      );
      if (links.processing) followProcessing(state, below, element);
    } else if (video.state !== "failed") {
      children.push(h("progress", { max: 100, value: video.progress, "aria-label": "Processing" }));
      later(render);
    } else if (video.failure) {
      children.push(
        h(
          "p",
          { className: "error" },
          `Transcoding failed (${video.failure.reason}): ${video.failure.message}`,
        ),
      );
    }
    const attachments = h(
      "ul",
      { className: "attachments" },
      ...(video.attachments ?? []).map((a) =>
        h(
          "li",
          {},
          h(
            "button",
            { type: "button", onclick: () => void openAttachment(api, video.id, a.id) },
            a.filename,
          ),
          ` ${formatBytes(a.size)}`,
        ),
      ),
    );
    children.push(h("h3", {}, "Attachments"), attachments);
    if (canEdit) {
      const pdf = h("input", {
        type: "file",
        accept: "application/pdf",
        "aria-label": "Attach a PDF",
      });
      pdf.onchange = () => void uploadAttachment(api, video.id, pdf.files?.[0]).then(render);
      const rename = h("input", { value: video.title, "aria-label": "Title" });
      children.push(
        pdf,
        h(
          "form",
          {
            onsubmit: async (event: Event) => {
              event.preventDefault();
              await api.request("PATCH", `/videos/${video.id}`, { body: { title: rename.value } });
              await render();
            },
          },
          rename,
          h("button", { type: "submit" }, "Rename"),
        ),
        h(
          "button",
          {
            type: "button",
            className: "danger",
            onclick: async () => {
              if (!confirm(`Delete “${video.title}” and every file made from it?`)) return;
              await api.request("DELETE", `/videos/${video.id}`);
              onDeleted();
            },
          },
          "Delete video",
        ),
      );
    }
    section.replaceChildren(...children.filter((c): c is Node => c !== null));
  };
  void render().catch((err: unknown) => notify(describeError(err), "error"));
  return section;
}

async function openAttachment(api: Api, videoId: string, attachmentId: string): Promise<void> {
  const { url } = await api.request<{ url: string }>(
    "GET",
    `/videos/${videoId}/attachments/${attachmentId}?redirect=false`,
  );
  window.location.assign(url);
}

async function uploadAttachment(api: Api, videoId: string, file: File | undefined): Promise<void> {
  if (!file) return;
  try {
    const { attachment, upload } = await api.request<{
      attachment: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>("POST", `/videos/${videoId}/attachments`, {
      body: {
        kind: "pdf",
        filename: file.name,
        size: file.size,
        contentType: file.type || "application/pdf",
      },
    });
    const headers = Object.fromEntries(
      Object.entries(upload.headers).filter(([n]) => n.toLowerCase() !== "content-length"),
    );
    const response = await fetch(upload.url, { method: "PUT", headers, body: file });
    if (!response.ok) throw new Error(`Storage answered ${response.status}`);
    // The edge checks the bytes (a PDF starts with %PDF-) before anyone can download them.
    await api.request("POST", `/videos/${videoId}/attachments/${attachment.id}/complete`);
    notify(`Attached ${file.name}`);
  } catch (err) {
    notify(describeError(err), "error");
  }
}
