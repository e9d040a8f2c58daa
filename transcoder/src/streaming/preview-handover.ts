import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { putTextObject, uploadFile } from "../storage.ts";
import {
  parseMediaPlaylist,
  segmentLines,
  servedHeader,
  type MediaPlaylist,
} from "./media-playlist.ts";
import type { RungUploader, UploadTarget } from "./rung-uploader.ts";

/** What the ladder rung's files are called once copied into the preview's folder. */
const HANDED_OVER = "ladder_";

/**
 * The preview's playlist after the handover: its own first `kept` segments, then an
 * EXT-X-DISCONTINUITY (another encoder, another init segment) and the ladder rung's
 * segments from the same point on (both are cut on the 2 s grid, so the ladder's
 * segment `kept` starts where the preview stopped), `count` of them as uploaded.
 */
export function handedOverPlaylist(
  preview: MediaPlaylist,
  kept: number,
  ladder: MediaPlaylist,
  count: number,
  final: boolean,
): string {
  const taken = ladder.segments.slice(kept, kept + count);
  const rest = taken.length
    ? [
        "#EXT-X-DISCONTINUITY",
        `#EXT-X-MAP:URI="${HANDED_OVER}${ladder.init ?? "init.mp4"}"`,
        ...segmentLines(taken, HANDED_OVER),
      ]
    : [];
  const own = segmentLines(preview.segments.slice(0, kept));
  return [
    ...servedHeader(preview, final),
    ...own,
    ...rest,
    ...(final ? ["#EXT-X-ENDLIST"] : []),
    "",
  ].join("\n");
}

/**
 * An encoded preview handed over to the ladder. The preview's run decodes the whole
 * source a second time; once the ladder is ahead of every viewer it is stopped, and
 * the viewers already on the preview (their master lists only it) play on: its
 * playlist continues with the ladder's lowest rung, whose segments are uploaded
 * again under the preview's folder (the edge serves no URI outside a playlist's
 * folder). The preview is superseded at `ready` like any preview.
 */
export class PreviewHandover {
  /** The preview's playlist when it was stopped: every segment it lists is kept. */
  private preview: MediaPlaylist | null = null;
  private initUploaded = false;
  private uploaded = 0;
  private published = -1;
  private readonly previewUploader: RungUploader;
  private readonly target: UploadTarget;
  private readonly ladderDir: string;

  constructor(
    previewUploader: RungUploader,
    hlsDir: string,
    ladderRung: string,
    target: UploadTarget,
  ) {
    this.previewUploader = previewUploader;
    this.target = target;
    this.ladderDir = join(hlsDir, ladderRung);
  }

  /** The preview's run has been stopped: its closed segments are uploaded and kept. */
  async start(): Promise<void> {
    await this.previewUploader.sync();
    this.preview = this.previewUploader.playlist;
  }

  /** Uploads what the ladder rung has closed past the preview's end; `final`: the ladder is done. */
  async sync(final = false): Promise<void> {
    if (!this.preview) return;
    const kept = this.preview.segments.length;
    const text = await readFile(join(this.ladderDir, "index.m3u8"), "utf8").catch(() => null);
    if (!text) return;
    const ladder = parseMediaPlaylist(text);
    const { s3, bucket, prefix, signal } = this.target;
    const put = (file: string) =>
      uploadFile(
        s3,
        {
          bucket,
          key: `${prefix}hls/${this.previewUploader.name}/${HANDED_OVER}${file}`,
          path: join(this.ladderDir, file),
        },
        signal ? { signal } : {},
      );
    const fresh = ladder.segments.slice(kept + this.uploaded);
    if (fresh.length && ladder.init && !this.initUploaded) {
      await put(ladder.init);
      this.initUploaded = true;
    }
    for (const segment of fresh) await put(segment.uri);
    this.uploaded += fresh.length;
    if (!final && this.uploaded === this.published) return;
    // As RungUploader: a playlist a previous run stored is never replaced by a shorter one.
    if (!final && kept + this.uploaded < this.previewUploader.storedSegments) return;
    await putTextObject(
      s3,
      {
        bucket,
        key: this.previewUploader.playlistKey,
        text: handedOverPlaylist(this.preview, kept, ladder, this.uploaded, final),
        final,
      },
      signal,
    );
    this.published = this.uploaded;
  }
}
