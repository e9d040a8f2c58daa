import { createRequire } from "node:module";

/**
 * nedb's document model (matching, update modifiers, dot paths, ordering). It
 * is the code nedb itself runs for `find` and `update`; the embedded store uses
 * it directly where it must see a document before and after an update, and for
 * the aggregation stages nedb has no API for. Not in nedb's typings, hence the
 * declaration here.
 */
export interface NedbModel {
  match(doc: unknown, query: unknown): boolean;
  modify<T>(doc: T, update: unknown): T;
  getDotValue(doc: unknown, field: string): unknown;
  compareThings(a: unknown, b: unknown): number;
  deepCopy<T>(value: T): T;
}

const require = createRequire(import.meta.url);
export const model = require("@seald-io/nedb/lib/model.js") as NedbModel;
