export { startS3Server, type S3Server, type S3ServerOptions } from "./server.ts";
