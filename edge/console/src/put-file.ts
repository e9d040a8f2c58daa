import type { Api } from "./api.ts";

interface Presigned {
  upload: { url: string; headers: Record<string, string> };
}

/**
 * Declares a file at `path` (a lecture's attachments, a course's files), then PUTs
 * the bytes straight to storage with the presigned request it answered. Returns
 * the declaration's answer, so the caller can finish (or show) what it created.
 */
export async function putFile<T extends Presigned>(
  api: Api,
  path: string,
  file: File,
  kind: "pdf" | "image" = "pdf",
): Promise<T> {
  const declared = await api.request<T>("POST", path, {
    body: {
      kind,
      filename: file.name,
      size: file.size,
      contentType: file.type || (kind === "pdf" ? "application/pdf" : "image/png"),
    },
  });
  // The browser sets Content-Length itself.
  const headers = Object.fromEntries(
    Object.entries(declared.upload.headers).filter(([n]) => n.toLowerCase() !== "content-length"),
  );
  const response = await fetch(declared.upload.url, { method: "PUT", headers, body: file });
  if (!response.ok) throw new Error(`Storage answered ${response.status}`);
  return declared;
}

/** The PDF upload every page uses: a lecture's attachment or a course's file. */
export const putPdf = <T extends Presigned>(api: Api, path: string, file: File) =>
  putFile<T>(api, path, file, "pdf");
