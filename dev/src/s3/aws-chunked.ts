import { Transform, type TransformCallback } from "node:stream";
import { S3StandInError } from "./s3-error.ts";

const CRLF = Buffer.from("\r\n");
/** A chunk-size line or trailer line longer than this is not aws-chunked. */
const MAX_LINE_BYTES = 8 * 1024;

type State = "size" | "data" | "data-end" | "trailer" | "done";

const malformed = () =>
  new S3StandInError(400, "IncompleteBody", "The aws-chunked request body is malformed.");

/**
 * Decodes `Content-Encoding: aws-chunked` bodies, as the AWS SDK for
 * JavaScript sends streams with a trailing checksum
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 * `<hex size>[;ext]\r\n<bytes>\r\n … 0\r\n<name>:<value>\r\n…\r\n`.
 * Trailers land in `trailers` (lowercase names) before the stream ends.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private pending: Buffer = Buffer.alloc(0);
  private state: State = "size";
  private remaining = 0;
  private decodedBytes = 0;
  private readonly declaredLength: number | undefined;

  /** `declaredLength` is `x-amz-decoded-content-length`, checked at the end. */
  constructor(declaredLength: number | undefined) {
    super();
    this.declaredLength = declaredLength;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.consume();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== "done" || this.pending.length > 0) return callback(malformed());
    if (this.declaredLength !== undefined && this.declaredLength !== this.decodedBytes) {
      return callback(
        new S3StandInError(
          400,
          "IncompleteBody",
          "You did not provide the number of bytes specified by the x-amz-decoded-content-length header.",
        ),
      );
    }
    callback();
  }

  /** Reads one CRLF-terminated line from `pending`, or null when more bytes are needed. */
  private line(): string | null {
    const end = this.pending.indexOf(CRLF);
    if (end < 0) {
      if (this.pending.length > MAX_LINE_BYTES) throw malformed();
      return null;
    }
    const text = this.pending.subarray(0, end).toString("latin1");
    this.pending = this.pending.subarray(end + CRLF.length);
    return text;
  }

  private consume(): void {
    for (;;) {
      if (this.state === "size") {
        const text = this.line();
        if (text === null) return;
        const size = text.split(";", 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,16}$/.test(size)) throw malformed();
        this.remaining = Number.parseInt(size, 16);
        this.state = this.remaining === 0 ? "trailer" : "data";
      } else if (this.state === "data") {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.decodedBytes += take;
        this.remaining -= take;
        this.pending = this.pending.subarray(take);
        if (this.remaining === 0) this.state = "data-end";
      } else if (this.state === "data-end") {
        if (this.pending.length < CRLF.length) return;
        if (!this.pending.subarray(0, CRLF.length).equals(CRLF)) throw malformed();
        this.pending = this.pending.subarray(CRLF.length);
        this.state = "size";
      } else if (this.state === "trailer") {
        const text = this.line();
        if (text === null) return;
        if (text === "") {
          this.state = "done";
          continue;
        }
        const colon = text.indexOf(":");
        if (colon < 1) throw malformed();
        this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
      } else {
        if (this.pending.length > 0) throw malformed();
        return;
      }
    }
  }
}
