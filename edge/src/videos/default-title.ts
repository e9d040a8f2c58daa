const MAX_TITLE_LENGTH = 200;

/**
 * A title from the file name without its extension: "in.mp4" → "in", so that the
 * MP4 download is not named `in.mp4.mp4`. A name that is only an extension stays whole.
 */
export function titleFromFilename(filename: string): string {
  const stem = filename.replace(/\.[^.]*$/, "").trim();
  return (stem || filename.trim()).slice(0, MAX_TITLE_LENGTH).trim();
}
