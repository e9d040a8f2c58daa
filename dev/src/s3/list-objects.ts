import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathTarget, rawQuery, type KoaMiddleware } from "./koa-context.ts";
import { escapeXml, S3StandInError } from "./s3-error.ts";
import { s3rverAccount, type FilesystemStore, type ObjectMetadata } from "./s3rver.ts";

const MAX_KEYS = 1000;
const OBJECT_SUFFIX = "._S3rver_object";
const UPLOADS_DIR = "._S3rver_uploads";
const TOKEN_VERSION = "stand-in-1";
const XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";
/** Query parameters of a listing; any other one names a bucket subresource s3rver answers. */
const LIST_PARAMS = new Set([
  "list-type",
  "prefix",
  "delimiter",
  "max-keys",
  "continuation-token",
  "start-after",
  "fetch-owner",
  "encoding-type",
  "marker",
]);

interface ListRequest {
  bucket: string;
  version: 1 | 2;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  /** Entries up to and including this one were listed already. */
  after: string;
  params: Map<string, string>;
}

type Entry = { key: string } | { commonPrefix: string };

const entryName = (entry: Entry) => ("key" in entry ? entry.key : entry.commonPrefix);

/** S3 orders keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16 units. */
const compareKeys = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const invalid = (message: string) => new S3StandInError(400, "InvalidArgument", message);

export function continuationToken(bucket: string, after: string): string {
  return Buffer.from(JSON.stringify([TOKEN_VERSION, bucket, after])).toString("base64");
}

function readContinuationToken(token: string, bucket: string): string {
  try {
    const [version, tokenBucket, after] = JSON.parse(
      Buffer.from(token, "base64").toString("utf8"),
    ) as unknown[];
    if (version === TOKEN_VERSION && tokenBucket === bucket && typeof after === "string")
      return after;
  } catch {
    // falls through to S3's answer for a token it did not issue
  }
  throw invalid("The continuation token provided is incorrect");
}

function parseMaxKeys(value: string | undefined): number {
  if (value === undefined) return MAX_KEYS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 2147483647)
    throw invalid("Provided max-keys not an integer or within integer range");
  return Math.min(n, MAX_KEYS);
}

function listRequest(bucket: string, params: Map<string, string>): ListRequest {
  const version = params.get("list-type") === "2" ? 2 : 1;
  if (params.has("list-type") && !["1", "2"].includes(params.get("list-type")!))
    throw invalid("Invalid List Type specified");
  if (version === 2 && params.has("marker"))
    throw invalid("Marker unsupported with REST.GET.BUCKET in list-type=2");
  if (version === 1 && (params.has("continuation-token") || params.has("start-after")))
    throw invalid("continuation-token and start-after need list-type=2");
  const encoding = params.get("encoding-type");
  if (encoding !== undefined && encoding !== "url") throw invalid("Invalid Encoding Method");
  const token = params.get("continuation-token");
  const after =
    version === 1
      ? (params.get("marker") ?? "")
      : token !== undefined
        ? readContinuationToken(token, bucket)
        : (params.get("start-after") ?? "");
  return {
    bucket,
    version,
    prefix: params.get("prefix") ?? "",
    delimiter: params.get("delimiter") ?? "",
    maxKeys: parseMaxKeys(params.get("max-keys")),
    after,
    params,
  };
}

/** Every key stored under the folder part of `prefix` (s3rver keeps `<key>._S3rver_object` files). */
async function keysUnder(bucketPath: string, prefix: string): Promise<string[]> {
  const folder = prefix.slice(0, prefix.lastIndexOf("/") + 1);
  let files: string[];
  try {
    files = await readdir(join(bucketPath, folder), { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return files
    .filter((file) => file.endsWith(OBJECT_SUFFIX) && !file.startsWith(UPLOADS_DIR))
    .map((file) => `${folder}${file.slice(0, -OBJECT_SUFFIX.length)}`);
}

/** Keys and common prefixes after `after`, in S3's order, one more than a page to know if it is truncated. */
function pageOfEntries(keys: string[], request: ListRequest): Entry[] {
  const { prefix, delimiter, after, maxKeys } = request;
  const entries: Entry[] = [];
  let lastPrefix: string | undefined;
  for (const key of keys.sort(compareKeys)) {
    if (!key.startsWith(prefix) || compareKeys(key, after) <= 0) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut < 0) {
      entries.push({ key });
    } else {
      const commonPrefix = key.slice(0, cut + delimiter.length);
      // A prefix that ended the previous page is not listed again.
      if (commonPrefix === lastPrefix || compareKeys(commonPrefix, after) <= 0) continue;
      lastPrefix = commonPrefix;
      entries.push({ commonPrefix });
    }
    if (entries.length > maxKeys) break;
  }
  return entries;
}

function listingXml(
  request: ListRequest,
  page: Array<{ entry: Entry; metadata?: ObjectMetadata }>,
  next: string | undefined,
): string {
  const { version, params } = request;
  const url = params.get("encoding-type") === "url";
  const text = (value: string) => escapeXml(url ? encodeURIComponent(value) : value);
  const element = (name: string, value: string | number | undefined) =>
    value === undefined
      ? ""
      : `<${name}>${typeof value === "number" ? value : text(value)}</${name}>`;
  const owner =
    version === 1 || params.get("fetch-owner") === "true"
      ? `<Owner><ID>${s3rverAccount.id}</ID><DisplayName>${escapeXml(s3rverAccount.displayName)}</DisplayName></Owner>`
      : "";
  const contents = page
    .filter(({ entry }) => "key" in entry)
    .map(({ entry, metadata }) =>
      [
        "<Contents>",
        element("Key", entryName(entry)),
        `<LastModified>${new Date(String(metadata!["last-modified"])).toISOString()}</LastModified>`,
        `<ETag>${escapeXml(String(metadata!.etag))}</ETag>`,
        `<Size>${metadata!["content-length"]}</Size>`,
        owner,
        "<StorageClass>STANDARD</StorageClass></Contents>",
      ].join(""),
    );
  const prefixes = page
    .filter(({ entry }) => "commonPrefix" in entry)
    .map(({ entry }) => `<CommonPrefixes>${element("Prefix", entryName(entry))}</CommonPrefixes>`);
  const paging =
    version === 2
      ? [
          element("ContinuationToken", params.get("continuation-token")),
          element("NextContinuationToken", next && continuationToken(request.bucket, next)),
          element("StartAfter", params.get("start-after")),
          element("KeyCount", page.length),
        ]
      : [element("Marker", params.get("marker") ?? ""), element("NextMarker", next)];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="${XMLNS}">`,
    element("Name", request.bucket),
    element("Prefix", request.prefix),
    ...paging,
    element("MaxKeys", request.maxKeys),
    request.delimiter ? element("Delimiter", request.delimiter) : "",
    url ? "<EncodingType>url</EncodingType>" : "",
    `<IsTruncated>${next !== undefined}</IsTruncated>`,
    ...contents,
    ...prefixes,
    "</ListBucketResult>",
  ].join("");
}

/**
 * ListObjects (V1 and V2) in S3's key order with working continuation tokens.
 * s3rver's tokens use DES, which Node 22 refuses (every truncated listing was a
 * 500), and it walks keys in file-system order, so a page could end in
 * `720p/…` and the next skip `720p.m3u8`.
 */
export function listObjects(store: FilesystemStore): KoaMiddleware {
  return async function listObjects(ctx, next) {
    const params = new Map(rawQuery(ctx).filter(([name]) => !name.startsWith("X-Amz-")));
    const segments = ctx.path.split("/").filter(Boolean);
    if (
      ctx.method !== "GET" ||
      segments.length !== 1 ||
      ![...params.keys()].every((name) => LIST_PARAMS.has(name))
    )
      return next();
    const { bucket } = pathTarget(ctx);
    const bucketPath = store.getBucketPath(bucket);
    if (
      !(await readdir(bucketPath).then(
        () => true,
        () => false,
      ))
    )
      return next(); // s3rver: NoSuchBucket
    const request = listRequest(bucket, params);
    const entries =
      request.maxKeys === 0
        ? []
        : pageOfEntries(await keysUnder(bucketPath, request.prefix), request);
    const truncated = entries.length > request.maxKeys;
    const page = await Promise.all(
      entries.slice(0, request.maxKeys).map(async (entry) => ({
        entry,
        metadata:
          "key" in entry
            ? await store.getMetadata(bucket, entry.key).catch(() => undefined)
            : undefined,
      })),
    );
    // An object deleted while listing is left out, as S3 would.
    const listed = page.filter(({ entry, metadata }) => !("key" in entry) || metadata);
    const last = page.at(-1);
    ctx.type = "application/xml";
    ctx.body = listingXml(request, listed, truncated && last ? entryName(last.entry) : undefined);
  };
}
