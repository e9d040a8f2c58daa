import type { Doc } from "./document-store.ts";
import { isPlainObject } from "./embedded-query.ts";
import { InvalidParameterError } from "./errors.ts";

type Tree = { [field: string]: Tree | true };

function pathTree(paths: string[]): Tree {
  const tree: Tree = {};
  for (const path of paths) {
    let node = tree;
    const parts = path.split(".");
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = true;
      else {
        const next = node[part];
        node = next === undefined || next === true ? (node[part] = {}) : next;
      }
    });
  }
  return tree;
}

/** The fields of `doc` named by `tree`, in the document's own order. */
function include(doc: Doc, tree: Tree): Doc {
  const out: Doc = {};
  for (const [field, value] of Object.entries(doc)) {
    const wanted = tree[field];
    if (wanted === true) out[field] = value;
    else if (wanted && isPlainObject(value)) out[field] = include(value, wanted);
    else if (wanted && Array.isArray(value))
      out[field] = value.filter(isPlainObject).map((item) => include(item, wanted));
  }
  return out;
}

function exclude(doc: Doc, tree: Tree): Doc {
  const out: Doc = {};
  for (const [field, value] of Object.entries(doc)) {
    const unwanted = tree[field];
    if (unwanted === true) continue;
    out[field] = unwanted && isPlainObject(value) ? exclude(value, unwanted) : value;
  }
  return out;
}

/**
 * A find projection as MongoDB applies it: inclusion or exclusion (only `_id`
 * may differ), dotted paths, and the fields in the document's order rather than
 * the projection's (nedb's own projection builds the result in projection order).
 */
export function projectDocument(doc: Doc, projection: Doc): Doc {
  const entries = Object.entries(projection);
  if (entries.length === 0) return doc;
  // Numbers arrive as BSON Int32/Double objects; any other object is an operator.
  if (entries.some(([, value]) => typeof value === "object" && !Number.isFinite(Number(value))))
    throw new InvalidParameterError(
      "projection operators ($slice, $elemMatch…) are not supported by the embedded store",
    );
  const flag = (value: unknown) => Boolean(Number(value) || value === true);
  const fields = entries.filter(([field]) => field !== "_id");
  const including = fields.some(([, value]) => flag(value));
  if (fields.some(([, value]) => flag(value) !== including))
    throw new InvalidParameterError(
      "a projection cannot both include and exclude fields (except _id)",
    );
  const keepId = projection._id === undefined || flag(projection._id);
  if (!including && fields.length === 0) return keepId ? doc : exclude(doc, { _id: true });
  const tree = pathTree(fields.map(([field]) => field));
  if (including) {
    if (keepId) tree._id = true;
    return include(doc, tree);
  }
  if (!keepId) tree._id = true;
  return exclude(doc, tree);
}
