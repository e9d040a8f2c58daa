import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * A long source: `one` repeated `times` by stream copy (a 1-minute lecture on the 2 s
 * grid is 30 whole GOPs), since generating an hour of 1080p takes longer than
 * transcoding it. The concat demuxer starts the joined video 0.021 s after its audio (it
 * drops the first file's edit list): more than half a frame apart, which made the
 * streamed job refuse to copy these sources, so every long-lecture row measured an
 * encoded preview until 2026-12-05. The video's timestamps are moved back to 0 (`setts`),
 * as a recorder writes them; `one` is checked to start at 0 itself.
 */
export async function repeatSource(one: string, times: number, out: string): Promise<void> {
  const list = `${out}.txt`;
  await writeFile(list, `file '${one}'\n`.repeat(times));
  await run("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", list],
    ...["-c", "copy", "-bsf:v", "setts=pts=PTS-STARTPTS:dts=DTS-STARTPTS"],
    ...["-movflags", "+faststart", out],
  ]);
}
