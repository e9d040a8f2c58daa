import { describeError, type Api } from "./api.ts";
import { notify } from "./dom.ts";

/** A PDF for the whole course, straight to storage through a presigned PUT. */
export async function uploadCourseFile(api: Api, courseId: string, file: File | undefined) {
  if (!file) return;
  try {
    const { upload } = await api.request<{
      upload: { url: string; headers: Record<string, string> };
    }>("POST", `/courses/${courseId}/files`, {
      body: {
        kind: "pdf",
        filename: file.name,
        size: file.size,
        contentType: file.type || "application/pdf",
      },
    });
    // The browser sets Content-Length itself.
    const headers = Object.fromEntries(
      Object.entries(upload.headers).filter(([n]) => n.toLowerCase() !== "content-length"),
    );
    const response = await fetch(upload.url, { method: "PUT", headers, body: file });
    if (!response.ok) throw new Error(`Storage answered ${response.status}`);
    notify(`Attached ${file.name}`);
  } catch (err) {
    notify(describeError(err), "error");
  }
}
