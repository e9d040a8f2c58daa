import type Hls from "hls.js";
import { ApiError, describeError, type Api } from "./api.ts";
import { putPdf } from "./put-file.ts";
import { h, notify } from "./dom.ts";
import { formatBytes, formatDuration } from "./format.ts";
import { stateText } from "./library-view.ts";
import { playbackLinks } from "./playback-links.ts";
import type { User, Video } from "./types.ts";

/** One video: the HLS player, downloads, attachments; rename and delete for its owner. */
export function playerView(
  api: Api,
  user: User,
  videoId: string,
  onDeleted: () => void,
): HTMLElement {
  const section = h("section", { className: "player" }, h("p", {}, "Loading…"));
  let hls: Hls | null = null;

  const render = async () => {
    // A re-render replaces the player: the old one stops loading first.
    hls?.destroy();
    hls = null;
    const { video } = await api.request<{ video: Video }>("GET", `/videos/${videoId}`);
    // The edge answers the manager's view (with the upload) to whoever may change the video.
    const canEdit = video.upload !== undefined;
    const title = h("h2", {}, video.title);
    const children: Array<Node | null> = [title, h("p", { className: "state" }, stateText(video))];
    if (video.state === "ready") {
      const links = await playbackLinks(api, video.id);
      const element = h("video", {
        controls: true,
        playsinline: true,
        poster: links.poster ?? "",
        "aria-label": video.title,
      });
      // The full build: the ladder shares one AAC track through an HLS audio group (alt-audio).
      const { default: HlsPlayer } = await import("hls.js");
      if (HlsPlayer.isSupported()) {
        hls = new HlsPlayer();
        // Every hls.js error, fatal or not, kept on the element where a browser test reads it.
        const errors: string[] = [];
        hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
          errors.push(`${data.details}${data.fatal ? " (fatal)" : ""}`);
          element.dataset.hlsErrors = JSON.stringify(errors);
        });
        hls.loadSource(links.master);
        hls.attachMedia(element);
      } else {
        element.src = links.master;
      }
      children.push(
        element,
        h(
          "p",
          {},
          video.durationSeconds ? `Duration ${formatDuration(video.durationSeconds)}` : "",
        ),
        h(
          "div",
          { className: "downloads" },
          h("a", { href: links.mp4, download: "", className: "button" }, "Download MP4"),
          links.mp3
            ? h(
                "a",
                { href: links.mp3, download: "", className: "button", id: "download-mp3" },
                "Download MP3",
              )
            : null,
        ),
      );
    } else if (video.state !== "failed") {
      children.push(h("progress", { max: 100, value: video.progress, "aria-label": "Processing" }));
      window.setTimeout(
        () => void render().catch((err: unknown) => notify(describeError(err), "error")),
        2000,
      );
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
  void render().catch((err: unknown) => {
    // A video you may not watch looks like one that does not exist (the edge answers 404).
    if (err instanceof ApiError && err.status === 404)
      section.replaceChildren(
        h("h2", {}, "Video not available"),
        h(
          "p",
          {},
          "This video does not exist, or it belongs to a course you are not enrolled in. ",
          h("a", { href: "#/learn" }, "Back to My learning"),
        ),
      );
    else notify(describeError(err), "error");
  });
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
    const { attachment } = await putPdf<{
      attachment: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>(api, `/videos/${videoId}/attachments`, file);
    // The edge checks the bytes (a PDF starts with %PDF-) before anyone can download them.
    await api.request("POST", `/videos/${videoId}/attachments/${attachment.id}/complete`);
    notify(`Attached ${file.name}`);
  } catch (err) {
    notify(describeError(err), "error");
  }
}
