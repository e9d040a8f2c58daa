import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";

/** Every key under a prefix. */
export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

export async function readText(s3: S3Client, bucket: string, key: string): Promise<string | null> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await r.Body?.transformToString("utf8")) ?? null;
  } catch {
    return null;
  }
}

export async function readBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

/** URIs a playlist names (segments, init segment, variant playlists, media playlists). */
export function referencedUris(text: string): string[] {
  const uris: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const attr = /URI="([^"]+)"/.exec(line)?.[1];
    if (attr) uris.push(attr);
    else if (line && !line.startsWith("#")) uris.push(line.trim());
  }
  return uris;
}

export const segmentDurations = (text: string) =>
  [...text.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]));

/**
 * The S3 stand-in leaves a key out of a listing while it rewrites the object's
 * metadata (a playlist overwritten every half second): a key missing from the
 * listing is asked for directly, a few times, before it counts as missing.
 */
async function stored(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      () => false,
    );
    if (found) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export interface StorageAudit {
  /** Playlist key → segments it lists. */
  counts: Map<string, number>;
  /** "playlist → missing key" for every reference to an object not stored. */
  dangling: string[];
}

/**
 * Reads every playlist under the prefix, THEN lists what is stored: objects are
 * never deleted while a job runs, so a reference missing from the later listing
 * was dangling when the playlist was read.
 */
export async function auditStoredHls(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<StorageAudit> {
  const before = await listKeys(s3, bucket, prefix);
  const playlists = new Map<string, string>();
  for (const key of before)
    if (key.endsWith(".m3u8")) {
      const text = await readText(s3, bucket, key);
      if (text !== null) playlists.set(key, text);
    }
  const after = await listKeys(s3, bucket, prefix);
  const counts = new Map<string, number>();
  const dangling: string[] = [];
  for (const [key, text] of playlists) {
    counts.set(key, segmentDurations(text).length);
    const base = key.slice(0, key.lastIndexOf("/") + 1);
    for (const uri of referencedUris(text))
      if (!after.has(base + uri) && !(await stored(s3, bucket, base + uri)))
        dangling.push(`${key} → ${base + uri}`);
  }
  return { counts, dangling };
}
