export { createDataApiApp, type DataApiAppOptions } from "./app.ts";
export { startDataApi, type DataApi, type DataApiOptions } from "./start.ts";
export { DataApiError, DuplicateKeyError, InvalidParameterError } from "./errors.ts";
export { COURSECAST_INDEXES } from "./indexes.ts";
export type { DocumentStore, IndexSpec } from "./document-store.ts";
