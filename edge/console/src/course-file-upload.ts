import { describeError, type Api } from "./api.ts";
import { notify } from "./dom.ts";
import { putFile } from "./put-file.ts";

/** A PDF for the whole course, or its cover image, straight to storage. */
export async function uploadCourseFile(
  api: Api,
  courseId: string,
  file: File | undefined,
  kind: "pdf" | "image" = "pdf",
): Promise<string | null> {
  if (!file) return null;
  try {
    const { file: created } = await putFile<{
      file: { id: string };
      upload: { url: string; headers: Record<string, string> };
    }>(api, `/courses/${courseId}/files`, file, kind);
    notify(`Attached ${file.name}`);
    return created.id;
  } catch (err) {
    notify(describeError(err), "error");
    return null;
  }
}
