import type { SourceInfo } from "./inspect-source.ts";

/**
 * Filters that turn any source picture into upright, progressive, square-pixel
 * SDR BT.709 (ffmpeg itself turns rotated sources upright before these run).
 * Used by the ladder, the thumbnails and the poster alike.
 */
export function pictureFilters(info: SourceInfo): string[] {
  const filters: string[] = [];
  // Flagged sources: bwdif touches only the frames flagged interlaced. Detected
  // combing comes with no flags, so every frame is deinterlaced.
  if (info.video.interlaced)
    filters.push(
      `bwdif=mode=send_frame:parity=auto:deint=${info.video.interlaceFlagged ? "interlaced" : "all"}`,
    );
  if (info.video.hdr)
    filters.push(
      "zscale=t=linear:npl=100",
      "format=gbrpf32le",
      "zscale=p=bt709",
      "tonemap=tonemap=hable:desat=0",
      "zscale=t=bt709:m=bt709:r=tv",
      "format=yuv420p",
    );
  if (Math.abs(info.video.sampleAspect - 1) > 0.01)
    filters.push("scale=trunc(iw*sar/2)*2:ih:flags=bicubic", "setsar=1");
  return filters;
}

/**
 * The filter chain in front of the ladder's split: the picture filters, then a
 * constant frame rate (frame-rate.ts) starting at 0, so that every rung's first
 * frame is at 0 and keyframes fall on the segment grid. Ends with a comma when
 * not empty, so it can be put straight in front of the next filter.
 */
export function videoPrelude(info: SourceInfo): string {
  const chain = [...pictureFilters(info), `fps=${info.fps}:start_time=0`];
  return `${chain.join(",")},`;
}

/** Colour tags for an H.264 rung made from an HDR source (tone-mapped to BT.709). */
export function sdrColourOptions(info: SourceInfo, stream: number): string[] {
  if (!info.video.hdr) return [];
  return [
    `-color_primaries:v:${stream}`,
    "bt709",
    `-color_trc:v:${stream}`,
    "bt709",
    `-colorspace:v:${stream}`,
    "bt709",
  ];
}

/** AAC's encoder delay: the first packet holds this many samples before the audio starts. */
const AAC_PRIMING_SAMPLES = 1024;

/**
 * The chosen audio track, padded with silence from 0 when it starts after the
 * video (an offset kept as it was), split into the AAC (HLS) and MP3 branches.
 * The AAC branch is delayed by the encoder's priming so that its first packet,
 * like the video's first frame, sits at 0: hls.js then finds no hole to seek over.
 */
export function audioGraph(info: SourceInfo): { filter: string; hls: string; mp3: string } | null {
  if (!info.audio) return null;
  return {
    filter: [
      `[0:a:${info.audio.track}]aresample=async=1:first_pts=0,asplit=2[apre][amp3]`,
      `[apre]asetpts=PTS+${AAC_PRIMING_SAMPLES}/SR/TB[ahls]`,
    ].join(";"),
    hls: "[ahls]",
    mp3: "[amp3]",
  };
}

/**
 * So that each rung's and the audio's first segment start at 0: by default the
 * muxer shifts the whole output by the B-frame delay (0.066 s at 30 fps), which
 * left video at 0.066 s and audio at 0.043 s and made hls.js seek over a hole.
 */
export const HLS_START_AT_ZERO = ["-avoid_negative_ts", "disabled"];

/**
 * One frame at 0 s and then every `interval` seconds. The `fps` filter at 1/10
 * gave a clip under 5 s no thumbnail at all (its only output slot rounds past the end).
 */
export function thumbnailPicker(interval: number): string {
  return `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${interval - 0.001})'`;
}

/** Thumbnails keep the picker's timestamps: image2 would otherwise repeat frames to a constant rate. */
export const THUMBNAIL_OUTPUT = ["-fps_mode", "passthrough"];
