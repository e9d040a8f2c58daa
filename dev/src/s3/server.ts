import { mkdir } from "node:fs/promises";
import { useAtomicWrites } from "./atomic-writes.ts";
import { conditionalReads } from "./conditional-reads.ts";
import { corsConfigXml, echoPreflightOrigin } from "./cors.ts";
import { batchDelete } from "./batch-delete.ts";
import { copySourceKeys } from "./copy-source.ts";
import { corsOnOwnAnswers } from "./cors-own-answers.ts";
import { errorResponses } from "./error-responses.ts";
import { listObjects } from "./list-objects.ts";
import { multipartGaps } from "./multipart.ts";
import { rangedReads } from "./ranged-reads.ts";
import { checkedRequestBody } from "./request-body.ts";
import { requireContentLength, safeKeys, serializedDeletes } from "./request-guards.ts";
import { S3rver, s3rverAccount } from "./s3rver.ts";
import { verifySignature } from "./verify-signature.ts";

const CLOSE_GRACE_MS = 2000;

export interface S3ServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Objects are kept here across restarts. */
  directory: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, signatures must be scoped to this region (as S3 requires); otherwise any region. */
  region?: string;
  /** Created on start if missing; existing contents are kept. */
  buckets: string[];
  /** Origins allowed by the buckets' CORS rule (default any: `*`). */
  corsOrigins?: string[];
  silent?: boolean;
}

export interface S3Server {
  /** `http://<host>:<port>`, path-style: objects are at `<url>/<bucket>/<key>`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A local S3: s3rver for storage and most of the API, plus what it lacks —
 * SigV4 verification, body digests and aws-chunked bodies, ListParts,
 * AbortMultipartUpload, S3's checks on complete, correct ranges, atomic
 * writes, paged listings, encoded copy sources and S3's batch delete.
 * Path-style only.
 */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  if (!options.accessKeyId || !options.secretAccessKey)
    throw new Error("startS3Server needs accessKeyId and secretAccessKey");
  const host = options.host ?? "127.0.0.1";
  const corsOrigins = options.corsOrigins?.length ? options.corsOrigins : ["*"];
  await mkdir(options.directory, { recursive: true });
  // s3rver's own (signature-less) v4 check still looks the key up.
  s3rverAccount.createKeyPair(options.accessKeyId, options.secretAccessKey);
  const server = new S3rver({
    port: options.port ?? 0,
    address: host,
    directory: options.directory,
    silent: options.silent ?? false,
    // Otherwise any host name other than localhost (say, from a container) is read as a bucket.
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({
      name,
      configs: [corsConfigXml(corsOrigins)],
    })),
  });
  useAtomicWrites(server.store);
  // Koa runs these in order, before s3rver's own middleware.
  server.middleware.unshift(
    errorResponses(corsOrigins),
    echoPreflightOrigin(),
    // Outside the own answers below (listings, batch deletes, parts): they get the bucket's CORS too.
    corsOnOwnAnswers(corsOrigins),
    requireContentLength(),
    verifySignature({
      credentials: new Map([[options.accessKeyId, options.secretAccessKey]]),
      ...(options.region === undefined ? {} : { region: options.region }),
    }),
    safeKeys(),
    copySourceKeys(),
    checkedRequestBody(),
    multipartGaps(server.store),
    rangedReads(server.store),
    conditionalReads(server.store),
    serializedDeletes(),
    batchDelete(server.store),
    listObjects(server.store),
  );
  const address = await server.run();
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: async () => {
      // In-flight requests get a moment to finish (and s3rver to log them); idle keep-alive
      // connections would otherwise hold the server open.
      const closed = server.close();
      server.httpServer?.closeIdleConnections();
      const force = setTimeout(() => server.httpServer?.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
