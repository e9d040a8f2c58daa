import type { CompletedPart, EdgeClient } from "./edge-client.ts";

export interface MultipartUpload {
  videoId: string;
  file: Blob;
  partSize: number;
  partCount: number;
  /** PUTs one part to its presigned URL; resolves with the ETag storage answered. */
  putPart: (url: string, part: Blob, partNumber: number) => Promise<string>;
  /** Told once what storage already holds, before any part is sent. */
  onStored?: (stored: { parts: number; bytes: number }) => void;
  partsInFlight?: number;
  /** Part URLs asked for per request. */
  urlBatch?: number;
}

/**
 * Sends the parts storage does not hold yet (ListParts through the edge), a
 * few in flight, and returns the full part list for the completion. Rerun
 * after an interruption, it sends only what is missing.
 */
export async function uploadMissingParts(
  client: Pick<EdgeClient, "storedParts" | "presignParts">,
  upload: MultipartUpload,
): Promise<CompletedPart[]> {
  const { videoId, file, partSize, partCount } = upload;
  const stored = await client.storedParts(videoId);
  const etags = new Map(stored.parts.map((p) => [p.partNumber, p.etag]));
  upload.onStored?.({
    parts: stored.parts.length,
    bytes: stored.parts.reduce((sum, p) => sum + p.size, 0),
  });
  const missing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !etags.has(n));
  const urls = new Map<number, string>();
  const batch = upload.urlBatch ?? 20;
  for (let i = 0; i < missing.length; i += batch) {
    const { parts } = await client.presignParts(videoId, missing.slice(i, i + batch));
    for (const part of parts) urls.set(part.partNumber, part.url);
  }
  const queue = [...missing];
  const worker = async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) {
      const part = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size));
      etags.set(n, await upload.putPart(urls.get(n)!, part, n));
    }
  };
  const inFlight = Math.min(upload.partsInFlight ?? 4, missing.length);
  await Promise.all(Array.from({ length: inFlight }, worker));
  return [...etags.entries()]
    .sort(([a], [b]) => a - b)
    .map(([partNumber, etag]) => ({ partNumber, etag }));
}
