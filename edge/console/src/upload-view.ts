import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";
import { formatBytes, formatDuration, formatSpeed } from "./format.ts";
import { pendingUploadFor, Uploader } from "./uploader.ts";
import type { Video } from "./types.ts";

/** Drop zone + picker; one row per file with progress, speed, time left, pause/resume. */
export function uploadView(
  api: Api,
  onQueued: (video: Video) => void,
  courseId?: string,
): HTMLElement {
  const list = h("ul", { className: "uploads", "aria-live": "polite" });

  const start = async (file: File) => {
    const bar = h("progress", { max: 100, value: 0, "aria-label": `Upload of ${file.name}` });
    const stats = h("span", { className: "stats" }, "Starting…");
    const toggle = h("button", { type: "button", disabled: true }, "Pause");
    list.append(
      h("li", {}, h("strong", {}, file.name), " ", formatBytes(file.size), bar, stats, toggle),
    );
    try {
      const pending = pendingUploadFor(file);
      const uploader = pending
        ? await Uploader.resume(api, file, pending).catch(() =>
            Uploader.create(api, file, undefined, courseId),
          )
        : await Uploader.create(api, file, undefined, courseId);
      uploader.onProgress((p) => {
        bar.value = (p.sent / p.total) * 100;
        stats.textContent = `${formatBytes(p.sent)} of ${formatBytes(p.total)} · ${formatSpeed(p.bytesPerSecond)} · ${formatDuration(p.secondsLeft)} left`;
      });
      let paused = false;
      toggle.disabled = false;
      const run = async (): Promise<void> => {
        try {
          const video = await uploader.run();
          toggle.remove();
          stats.textContent =
            "Uploaded. Processing… It can be watched as soon as it shows “Playable”, long before every quality is done.";
          onQueued(video);
        } catch (err) {
          if (err instanceof DOMException && err.name === "AbortError") return;
          stats.textContent = describeError(err);
          notify(describeError(err), "error");
        }
      };
      toggle.onclick = () => {
        paused = !paused;
        toggle.textContent = paused ? "Resume" : "Pause";
        if (paused) uploader.pause();
        else void run();
      };
      await run();
    } catch (err) {
      stats.textContent = describeError(err);
      notify(describeError(err), "error");
    }
  };

  const picker = h("input", {
    type: "file",
    accept: "video/*",
    multiple: true,
    id: "file-picker",
    onchange: (event: Event) => {
      for (const file of (event.target as HTMLInputElement).files ?? []) void start(file);
    },
  });
  const zone = h(
    "div",
    {
      className: "dropzone",
      tabindex: 0,
      role: "button",
      "aria-label": "Drop videos here or press Enter to choose files",
      onkeydown: (event: KeyboardEvent) => {
        if (event.key === "Enter" || event.key === " ") picker.click();
      },
      onclick: () => picker.click(),
      ondragover: (event: DragEvent) => {
        event.preventDefault();
        zone.classList.add("over");
      },
      ondragleave: () => zone.classList.remove("over"),
      ondrop: (event: DragEvent) => {
        event.preventDefault();
        zone.classList.remove("over");
        for (const file of event.dataTransfer?.files ?? []) void start(file);
      },
    },
    "Drop lecture videos here, or click to choose",
  );
  return h("section", { className: "upload" }, h("h2", {}, "Upload"), zone, picker, list);
}
