// The console's view of the API, inferred from the edge's own response schemas
// (types only: nothing of zod reaches the console bundle).
import type { OwnerVideo, ViewerVideo } from "../../src/videos/video-views.ts";

export type { OwnerVideo, ViewerVideo };

/** A video as the console shows it: the viewer's fields, and the owner's when the caller owns it. */
export type Video = ViewerVideo & Partial<OwnerVideo>;

export type { UploadInstructions as UploadPlan } from "../../src/videos/create-video.ts";
export type { PublicUser as User } from "../../src/auth/public-user.ts";
