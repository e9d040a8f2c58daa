import { S3StandInError } from "./s3-error.ts";

/**
 * s3rver maps keys straight onto file paths, so a `.` or `..` segment
 * (`/bucket/../other-bucket/x`) would reach outside the object's place. S3
 * stores such keys literally; fetch and browsers rewrite them anyway, so the
 * stand-in refuses them (InvalidArgument) instead of storing them elsewhere.
 */
export const DOT_SEGMENT_MESSAGE = "The stand-in cannot store keys with '.' or '..' segments.";

export const hasDotSegment = (segments: string[]) =>
  segments.some((segment) => segment === "." || segment === "..");

/** Throws S3's InvalidArgument for a key (or path) with a `.` or `..` segment. */
export function refuseDotSegments(segments: string[]): void {
  if (hasDotSegment(segments))
    throw new S3StandInError(400, "InvalidArgument", DOT_SEGMENT_MESSAGE);
}
