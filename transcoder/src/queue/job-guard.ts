import type { TranscodeJob } from "@coursecast/shared";

// The edge names videos with UUIDs; anything that could form a path segment of its own is refused.
const SAFE_VIDEO_ID = /^[A-Za-z0-9_-]+$/;

function isUnder(url: URL, base: URL): boolean {
  if (url.origin !== base.origin || url.username || url.password) return false;
  const root = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  return url.pathname.startsWith(root);
}

function hasDotSegment(key: string): boolean {
  return key.split("/").some((segment) => segment === "." || segment === "..");
}

/**
 * Anyone who can publish to the broker could otherwise make this worker read or
 * write any key and send signed webhooks anywhere. A job is run only when its
 * webhook URL is under the configured edge URL, its source lies under
 * `uploads/<videoId>/` and its outputs go to `videos/<videoId>/`. Returns why
 * a job is refused, or null.
 */
export function refusalOf(job: TranscodeJob, edgeUrl: string): string | null {
  if (!SAFE_VIDEO_ID.test(job.videoId))
    return `videoId ${JSON.stringify(job.videoId)} is not an id`;
  let webhook: URL;
  try {
    webhook = new URL(job.webhookUrl);
  } catch {
    return "webhookUrl is not a URL";
  }
  if (!isUnder(webhook, new URL(edgeUrl)))
    return `webhookUrl ${webhook.origin} is not under the configured edge ${edgeUrl}`;
  const sourcePrefix = `uploads/${job.videoId}/`;
  if (!job.source.key.startsWith(sourcePrefix) || hasDotSegment(job.source.key))
    return `source.key ${JSON.stringify(job.source.key)} is outside ${sourcePrefix}`;
  const outputPrefix = `videos/${job.videoId}/`;
  if (job.output.prefix !== outputPrefix)
    return `output.prefix ${JSON.stringify(job.output.prefix)} is not ${outputPrefix}`;
  return null;
}
