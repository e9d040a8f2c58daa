/** Names both the edge (publisher) and the transcoder (consumer) must agree on. */
export const QUEUE = {
  exchange: "coursecast",
  transcode: "transcode",
  routingKey: "transcode",
  deadLetterExchange: "coursecast.dlx",
  dead: "transcode.dead",
  /** Broker redeliveries before a job is dead-lettered (quorum queue `x-delivery-limit`). */
  deliveryLimit: 5,
} as const;

export const WEBHOOK = {
  path: "/webhooks/transcoder",
  signatureHeader: "Webhook-Signature",
  /** Seconds a signature's timestamp may be away from the receiver's clock. */
  toleranceSeconds: 300,
} as const;

/** Every output of a video lives under this prefix; uploads live under `uploads/`. */
export function videoOutputPrefix(videoId: string): string {
  return `videos/${videoId}/`;
}

export function uploadKey(videoId: string): string {
  return `uploads/${videoId}/source`;
}
