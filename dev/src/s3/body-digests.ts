import { createHash } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Transform, type TransformCallback } from "node:stream";
import { crc32 } from "node:zlib";
import { S3StandInError } from "./s3-error.ts";

type Algorithm = "md5" | "sha1" | "sha256" | "crc32";

/** Flexible checksums S3 verifies that Node can compute (CRC32C and CRC64NVME are not checked). */
const CHECKSUM_ALGORITHMS: Algorithm[] = ["crc32", "sha1", "sha256"];

interface DigestCheck {
  algorithm: Algorithm;
  encoding: "hex" | "base64";
  /** The declared digest; a function for trailers, known only once the body has been read. */
  expected: () => string | undefined;
  mismatch: () => S3StandInError;
}

interface Hasher {
  update(data: Buffer): void;
  digest(): Buffer;
}

function hasher(algorithm: Algorithm): Hasher {
  if (algorithm === "crc32") {
    let value = 0;
    return {
      update: (data) => (value = crc32(data, value)),
      digest: () => {
        const out = Buffer.alloc(4);
        out.writeUInt32BE(value >>> 0);
        return out;
      },
    };
  }
  const hash = createHash(algorithm);
  return { update: (data) => hash.update(data), digest: () => hash.digest() };
}

const badDigest = (algorithm: Algorithm) => () =>
  new S3StandInError(
    400,
    "BadDigest",
    `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
  );

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The body digests a request declares and S3 verifies: a hex
 * `x-amz-content-sha256`, `Content-MD5`, and `x-amz-checksum-*` as a header or
 * as an aws-chunked trailer (read from `trailers` at the end of the body).
 */
export function declaredDigests(
  headers: IncomingHttpHeaders,
  trailers: Map<string, string> | undefined,
): DigestCheck[] {
  const checks: DigestCheck[] = [];
  const contentSha256 = single(headers, "x-amz-content-sha256");
  if (contentSha256 && /^[0-9a-f]{64}$/.test(contentSha256)) {
    checks.push({
      algorithm: "sha256",
      encoding: "hex",
      expected: () => contentSha256,
      mismatch: () =>
        new S3StandInError(
          400,
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        ),
    });
  }
  const contentMd5 = single(headers, "content-md5");
  if (contentMd5 !== undefined) {
    if (Buffer.from(contentMd5, "base64").length !== 16)
      throw new S3StandInError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
    checks.push({
      algorithm: "md5",
      encoding: "base64",
      expected: () => contentMd5,
      mismatch: () =>
        new S3StandInError(
          400,
          "BadDigest",
          "The Content-MD5 you specified did not match what we received.",
        ),
    });
  }
  const trailerNames = (single(headers, "x-amz-trailer") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase());
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const inHeader = single(headers, name);
    if (inHeader !== undefined) {
      checks.push({
        algorithm,
        encoding: "base64",
        expected: () => inHeader,
        mismatch: badDigest(algorithm),
      });
    } else if (trailers && trailerNames.includes(name)) {
      checks.push({
        algorithm,
        encoding: "base64",
        expected: () => trailers.get(name),
        mismatch: badDigest(algorithm),
      });
    }
  }
  return checks;
}

/** Passes the body through unchanged and fails it at the end when a declared digest differs. */
export class DigestVerifier extends Transform {
  private readonly checks: DigestCheck[];
  private readonly hashers = new Map<Algorithm, Hasher>();

  constructor(checks: DigestCheck[]) {
    super();
    this.checks = checks;
    for (const check of checks) this.hashers.set(check.algorithm, hasher(check.algorithm));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const hash of this.hashers.values()) hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const digests = new Map(
      [...this.hashers].map(([algorithm, hash]) => [algorithm, hash.digest()]),
    );
    for (const check of this.checks) {
      const expected = check.expected();
      if (expected === undefined) {
        return callback(
          new S3StandInError(400, "IncompleteBody", "A declared trailing checksum was not sent."),
        );
      }
      if (digests.get(check.algorithm)?.toString(check.encoding) !== expected)
        return callback(check.mismatch());
    }
    callback();
  }
}
