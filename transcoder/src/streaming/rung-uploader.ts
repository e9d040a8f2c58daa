import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { putTextObject, readTextObject, uploadFile } from "../storage.ts";
import {
  countSegments,
  parseMediaPlaylist,
  playlistSeconds,
  renderMediaPlaylist,
  type MediaPlaylist,
} from "./media-playlist.ts";

export interface UploadTarget {
  s3: S3Client;
  bucket: string;
  /** The video's output prefix, e.g. `videos/<id>/`. */
  prefix: string;
  signal?: AbortSignal;
}

const SEGMENT_UPLOADS_AT_ONCE = 4;

/**
 * Uploads one rendition folder (`hls/<name>/`) while ffmpeg writes it: a segment
 * once the local playlist lists it (ffmpeg has closed it), then a playlist listing
 * only uploaded segments. What a previous worker stored is respected: a playlist
 * is never replaced by a shorter one (a viewer may hold it), so ours goes up only
 * once it lists at least as many segments; segments we rewrite have the same times.
 */
export class RungUploader {
  readonly name: string;
  private readonly localDir: string;
  private readonly target: UploadTarget;
  private storedCount = 0;
  private initUploaded = false;
  private uploadedCount = 0;
  private publishedCount = 0;
  private publishedFinal = false;
  private latest: MediaPlaylist | null = null;

  /** `localName`: the folder ffmpeg writes, when it was started before the rung was named. */
  constructor(name: string, hlsDir: string, target: UploadTarget, localName = name) {
    this.name = name;
    this.localDir = join(hlsDir, localName);
    this.target = target;
  }

  get playlistKey(): string {
    return `${this.target.prefix}hls/${this.name}/index.m3u8`;
  }

  /** Reads what a previous run of the job stored under this key (before anything is uploaded). */
  async readStored(): Promise<void> {
    const { s3, bucket, signal } = this.target;
    this.storedCount = countSegments(await readTextObject(s3, bucket, this.playlistKey, signal));
  }

  /** Segments the playlist a previous run stored lists: ours never replaces it with fewer. */
  get storedSegments(): number {
    return this.storedCount;
  }

  /** Seconds of media a viewer can fetch from storage now. */
  get publishedSeconds(): number {
    return this.latest ? playlistSeconds(this.latest, this.publishedCount) : 0;
  }

  get finished(): boolean {
    return this.publishedFinal;
  }

  /** The local playlist as last read (null before ffmpeg wrote one). */
  get playlist(): MediaPlaylist | null {
    return this.latest;
  }

  /** The segment durations as written locally (for alignment and tests). */
  get segments(): MediaPlaylist["segments"] {
    return this.latest?.segments ?? [];
  }

  /**
   * Uploads what ffmpeg has closed since the last call. `final`: ffmpeg has exited,
   * the playlist is complete and goes up as VOD with ENDLIST.
   */
  async sync(final = false): Promise<void> {
    if (this.publishedFinal) return;
    const text = await readFile(join(this.localDir, "index.m3u8"), "utf8").catch(() => null);
    if (!text) return;
    const playlist = parseMediaPlaylist(text);
    if (final && !playlist.ended) throw new Error(`${this.name}: ffmpeg left no ENDLIST`);
    this.latest = playlist;
    const { s3, bucket, prefix, signal } = this.target;
    const put = (file: string) =>
      uploadFile(
        s3,
        { bucket, key: `${prefix}hls/${this.name}/${file}`, path: join(this.localDir, file) },
        signal ? { signal } : {},
      );
    if (playlist.init && !this.initUploaded && playlist.segments.length) {
      await put(playlist.init);
      this.initUploaded = true;
    }
    const fresh = playlist.segments.slice(this.uploadedCount);
    for (let i = 0; i < fresh.length; i += SEGMENT_UPLOADS_AT_ONCE)
      await Promise.all(fresh.slice(i, i + SEGMENT_UPLOADS_AT_ONCE).map((s) => put(s.uri)));
    this.uploadedCount = playlist.segments.length;
    const count = this.uploadedCount;
    if (count < this.storedCount || (count === this.publishedCount && !final)) return;
    await putTextObject(
      s3,
      { bucket, key: this.playlistKey, text: renderMediaPlaylist(playlist, count, final), final },
      signal,
    );
    this.publishedCount = count;
    this.publishedFinal = final;
  }
}
