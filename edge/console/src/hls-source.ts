import type Hls from "hls.js";

/** A <video> playing an HLS master, which can move to another master in place. */
export interface HlsSource {
  /**
   * Plays `master` from where the viewer is, without reloading the page: the growing
   * master of a processing video gives way to the full ladder once it is ready.
   */
  switchTo(master: string): void;
  destroy(): void;
}

/**
 * Plays `master` in `element` with hls.js (natively where MSE is missing). Every
 * hls.js error, fatal or not, is kept on the element (`data-hls-errors`) where a
 * browser test reads it.
 */
export async function playHls(
  element: HTMLVideoElement,
  master: string,
  startPosition = -1,
): Promise<HlsSource> {
  const { default: HlsPlayer } = await import("hls.js");
  if (!HlsPlayer.isSupported()) {
    element.src = master;
    if (startPosition > 0) resumeAt(element, startPosition, true);
    return {
      switchTo: whenWatching(element, (next) => {
        const position = element.currentTime;
        const paused = element.paused;
        element.src = next;
        resumeAt(element, position, paused);
      }),
      destroy() {},
    };
  }
  const hls: Hls = new HlsPlayer({ startPosition });
  const errors: string[] = [];
  hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
    errors.push(`${data.details}${data.fatal ? " (fatal)" : ""}`);
    element.dataset.hlsErrors = JSON.stringify(errors);
  });
  hls.loadSource(master);
  hls.attachMedia(element);
  return {
    switchTo: whenWatching(element, (next) => {
      const position = element.currentTime;
      const paused = element.paused;
      // loadSource re-creates the MediaSource; loading starts again at config.startPosition.
      hls.config.startPosition = position;
      hls.once(HlsPlayer.Events.MANIFEST_PARSED, () => {
        if (!paused) void element.play().catch(() => undefined);
      });
      element.dataset.switchedAt = String(position);
      hls.loadSource(next);
    }),
    destroy() {
      hls.destroy();
    },
  };
}

/**
 * A viewer who has watched to the end keeps the last frame: a new source there would
 * start at 0:00 (a start position at the very end is no position to a player), as if
 * the video had been rewound. The switch waits for their next play, which the browser
 * starts from the beginning anyway.
 */
function whenWatching(
  element: HTMLVideoElement,
  move: (master: string) => void,
): (master: string) => void {
  return (master) => {
    if (element.ended) element.addEventListener("play", () => move(master), { once: true });
    else move(master);
  };
}

function resumeAt(element: HTMLVideoElement, position: number, paused: boolean): void {
  element.addEventListener(
    "loadedmetadata",
    () => {
      element.currentTime = position;
      if (!paused) void element.play().catch(() => undefined);
    },
    { once: true },
  );
}
