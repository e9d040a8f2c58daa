import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import type { KoaMiddleware } from "./koa-context.ts";

// s3rver 3.7 is CommonJS without types: these are the members the stand-in uses.
const require = createRequire(import.meta.url);

/** Object metadata as s3rver keeps it: lowercase header names; `content-length` is a number. */
export type ObjectMetadata = Record<string, string | number>;

export interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: ObjectMetadata;
  /** Set on ranged reads; s3rver answers 416 when there is a range and no content. */
  range?: { start: number; end: number };
}

export interface ReadOptions {
  start?: number;
  end?: number;
}

export interface FilesystemStore {
  getBucketPath(bucket: string): string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  /** Throws ENOENT when the object does not exist. */
  getMetadata(bucket: string, key: string): Promise<ObjectMetadata>;
  putMetadata(bucket: string, key: string, metadata: ObjectMetadata, md5?: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number | string,
    content: Readable,
  ): Promise<{ size: number; md5: string }>;
  getObject(bucket: string, key: string, options?: ReadOptions): Promise<StoredObject | null>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  /** Also removes the folders the deletion leaves empty. */
  deleteObject(bucket: string, key: string): Promise<void>;
}

export interface S3rverInstance {
  middleware: KoaMiddleware[];
  store: FilesystemStore;
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export interface S3rverOptions {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
  vhostBuckets: boolean;
  configureBuckets: Array<{ name: string; configs: string[] }>;
}

export const S3rver = require("s3rver") as new (options: S3rverOptions) => S3rverInstance;

/** Builds an object the way s3rver does (keeps only S3's allowed metadata headers). */
export const S3Object = require("s3rver/lib/models/object") as new (
  bucket: string,
  key: string,
  content: Readable | Buffer | null,
  metadata: ObjectMetadata,
) => StoredObject;

/** s3rver's single account; its own (signature-less) v4 check looks keys up here. */
export const s3rverAccount = (
  require("s3rver/lib/models/account") as {
    DUMMY_ACCOUNT: {
      id: string | number;
      displayName: string;
      createKeyPair(accessKeyId: string, secretAccessKey: string): void;
    };
  }
).DUMMY_ACCOUNT;
