import type { Doc } from "./document-store.ts";
import { checkFilter } from "./embedded-query.ts";
import { InvalidParameterError } from "./errors.ts";
import { model } from "./nedb-model.ts";

function fieldValue(doc: Doc, expression: unknown): unknown {
  if (typeof expression === "string" && expression.startsWith("$"))
    return model.getDotValue(doc, expression.slice(1));
  return expression;
}

function group(docs: Doc[], spec: Doc): Doc[] {
  const groups = new Map<string, Doc>();
  for (const doc of docs) {
    const id = fieldValue(doc, spec._id ?? null);
    const key = JSON.stringify(id ?? null);
    const out = groups.get(key) ?? { _id: id ?? null };
    for (const [field, accumulator] of Object.entries(spec)) {
      if (field === "_id") continue;
      const [op, arg] = Object.entries(accumulator as Doc)[0] ?? [];
      if (op === "$sum")
        out[field] = (Number(out[field]) || 0) + (Number(fieldValue(doc, arg)) || 0);
      else if (op === "$count") out[field] = (Number(out[field]) || 0) + 1;
      else
        throw new InvalidParameterError(
          `$group accumulator ${String(op)} is not supported by the embedded store`,
        );
    }
    groups.set(key, out);
  }
  return [...groups.values()];
}

function project(doc: Doc, spec: Doc): Doc {
  const entries = Object.entries(spec);
  const including = entries.some(([field, v]) => field !== "_id" && v);
  if (including) {
    const out: Doc = spec._id === 0 ? {} : { _id: doc._id };
    for (const [field, v] of entries)
      if (v && field !== "_id") out[field] = model.getDotValue(doc, field);
    return out;
  }
  const out: Doc = { ...doc };
  for (const [field] of entries) delete out[field];
  return out;
}

/** The aggregation subset the embedded store supports; other stages are a clear 400. */
export function runPipeline(input: Doc[], pipeline: Doc[]): Doc[] {
  let docs = input;
  for (const stage of pipeline) {
    const [name, arg] = Object.entries(stage)[0] ?? [];
    switch (name) {
      case "$match":
        checkFilter(arg);
        docs = docs.filter((d) => model.match(d, arg));
        break;
      case "$sort": {
        const keys = Object.entries(arg as Record<string, number>);
        docs = [...docs].sort((a, b) => {
          for (const [field, dir] of keys) {
            const c = model.compareThings(model.getDotValue(a, field), model.getDotValue(b, field));
            if (c !== 0) return c * dir;
          }
          return 0;
        });
        break;
      }
      case "$skip":
        docs = docs.slice(Number(arg));
        break;
      case "$limit":
        docs = docs.slice(0, Number(arg));
        break;
      case "$project":
        docs = docs.map((d) => project(d, arg as Doc));
        break;
      case "$group":
        docs = group(docs, arg as Doc);
        break;
      case "$count":
        docs = docs.length ? [{ [String(arg)]: docs.length }] : [];
        break;
      default:
        throw new InvalidParameterError(
          `aggregation stage ${String(name)} is not supported by the embedded store`,
        );
    }
  }
  return docs;
}
