import { AppError } from "../errors.ts";
import type { StoredPart } from "../ports/object-store.ts";
import type { UploadRecord } from "../domain/video.ts";

export interface ListedPart {
  partNumber: number;
  etag: string;
}

/** The planned size of each part: `partSize`, except a shorter last one. */
export function plannedPartSize(upload: UploadRecord, partNumber: number): number {
  const partSize = upload.partSize!;
  const partCount = upload.partCount!;
  return partNumber < partCount ? partSize : upload.size - partSize * (partCount - 1);
}

/** ETags compare without their quotes: clients send either form. */
function sameEtag(a: string, b: string): boolean {
  return a.replace(/"/g, "") === b.replace(/"/g, "");
}

function describe(problems: Array<[string, number[]]>): string {
  return problems
    .filter(([, numbers]) => numbers.length > 0)
    .map(([what, numbers]) => `${what}: ${numbers.join(", ")}`)
    .join("; ");
}

/**
 * Before CompleteMultipartUpload: storage would complete with any subset of the
 * parts (S3's rule) and the size check after it would then delete the whole
 * upload. So the list must name every planned part once, with the ETag storage
 * holds, and the stored parts must have their planned sizes. Otherwise a 409
 * names the parts at fault and the upload stays resumable.
 */
export function checkPartsAgainstPlan(
  upload: UploadRecord,
  listed: ListedPart[],
  stored: StoredPart[],
): void {
  const partCount = upload.partCount!;
  const seen = new Set<number>();
  const repeated: number[] = [];
  const unplanned: number[] = [];
  for (const { partNumber } of listed) {
    if (partNumber > partCount) unplanned.push(partNumber);
    else if (seen.has(partNumber)) repeated.push(partNumber);
    seen.add(partNumber);
  }
  const storedByNumber = new Map(stored.map((part) => [part.partNumber, part]));
  const missing: number[] = [];
  const notStored: number[] = [];
  const mismatched: number[] = [];
  const wrongSize: number[] = [];
  for (let partNumber = 1; partNumber <= partCount; partNumber++) {
    const claimed = listed.find((part) => part.partNumber === partNumber);
    const held = storedByNumber.get(partNumber);
    if (!claimed) missing.push(partNumber);
    else if (!held) notStored.push(partNumber);
    else if (!sameEtag(claimed.etag, held.etag)) mismatched.push(partNumber);
    else if (held.size !== plannedPartSize(upload, partNumber)) wrongSize.push(partNumber);
  }
  const message = describe([
    ["missing", missing],
    ["not in storage", notStored],
    ["mismatched", mismatched],
    ["wrong size", wrongSize],
    ["repeated", repeated],
    ["unplanned", unplanned],
  ]);
  if (message)
    throw new AppError(
      "upload_incomplete",
      `Parts do not match the upload plan of ${partCount} (${message}); nothing was completed`,
      { field: "parts" },
    );
}
