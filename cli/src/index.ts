export { Client, CliError } from "./client.ts";
export { uploadFile } from "./upload-file.ts";
