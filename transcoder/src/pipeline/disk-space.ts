import { statfs } from "node:fs/promises";
import { InputRejectedError } from "../errors.ts";

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;

/**
 * Not enough room is not something a retry fixes on the same worker: the job
 * fails once as `insufficient_disk` (acked), before anything is downloaded.
 */
export async function checkFreeDisk(dir: string, neededBytes: number): Promise<void> {
  const disk = await statfs(dir);
  const free = disk.bavail * disk.bsize;
  if (free < neededBytes)
    throw new InputRejectedError(
      "insufficient_disk",
      `The transcoder has ${gib(free)} of disk free and needs about ${gib(neededBytes)} for this file: it was not processed.`,
    );
}

/** The disk filled up while transcoding. */
export function diskFullFailure(): InputRejectedError {
  return new InputRejectedError(
    "insufficient_disk",
    "The transcoder ran out of disk space while processing this file.",
  );
}
