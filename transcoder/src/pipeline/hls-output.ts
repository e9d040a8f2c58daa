/**
 * The HLS muxer's options, for every run that writes the ladder's HLS: fMP4 segments of
 * SEGMENT_SECONDS in `hls/<name>/`, one playlist each, and ffmpeg's own master playlist.
 */
import { LAYOUT, SEGMENT_SECONDS, outPath } from "./output-layout.ts";
import { HLS_START_AT_ZERO } from "./source-filters.ts";

/**
 * Options of an HLS output whose playlists are complete when the run ends (`VOD`).
 * `streamMap` is ffmpeg's `-var_stream_map`: which streams make each variant and its name.
 */
export function finishedHlsOptions(
  outDir: string,
  masterName: string,
  streamMap: string,
): string[] {
  return hlsOptions(outDir, masterName, streamMap, ["-hls_playlist_type", "vod"]);
}

/** Options of an HLS output whose playlists grow while the run goes (`EVENT`), read as they grow. */
export function growingHlsOptions(outDir: string, masterName: string, streamMap: string): string[] {
  return hlsOptions(outDir, masterName, streamMap, [
    "-hls_playlist_type",
    "event",
    // Segments and playlists are written under a temporary name and renamed:
    // the uploader never reads a half-written one.
    "-hls_flags",
    "temp_file",
  ]);
}

function hlsOptions(
  outDir: string,
  masterName: string,
  streamMap: string,
  playlist: string[],
): string[] {
  return [
    ...HLS_START_AT_ZERO,
    "-f",
    "hls",
    "-hls_time",
    String(SEGMENT_SECONDS),
    ...playlist,
    "-hls_segment_type",
    "fmp4",
    "-hls_fmp4_init_filename",
    "init.mp4",
    "-hls_segment_filename",
    outPath(outDir, `${LAYOUT.hlsDir}/%v/seg_%05d.m4s`),
    "-master_pl_name",
    masterName,
    "-var_stream_map",
    streamMap,
  ];
}
