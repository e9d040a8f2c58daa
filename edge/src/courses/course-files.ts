import { AppError } from "../errors.ts";
import type { PresignedRequest } from "../ports/object-store.ts";
import type { Services } from "../ports/services.ts";
import type { CourseFile, CourseFileKind, CourseRecord } from "../domain/course.ts";

const KINDS: Record<CourseFileKind, { types: string[]; extension: string }> = {
  pdf: { types: ["application/pdf"], extension: "pdf" },
  image: { types: ["image/jpeg", "image/png", "image/webp"], extension: "img" },
  slides: {
    types: [
      "application/pdf",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.oasis.opendocument.presentation",
    ],
    extension: "slides",
  },
};

export interface NewCourseFile {
  kind: CourseFileKind;
  filename: string;
  size: number;
  contentType: string;
}

/** Records a course file and returns a presigned PUT with its type and size signed in. */
export async function createCourseFile(
  services: Services,
  course: CourseRecord,
  input: NewCourseFile,
): Promise<{ file: CourseFile; upload: PresignedRequest & { expiresAt: string } }> {
  const { config } = services;
  const kind = KINDS[input.kind];
  if (!kind.types.includes(input.contentType))
    throw new AppError(
      "unsupported_media_type",
      `contentType: a ${input.kind} must be ${kind.types.join(" or ")}`,
      { field: "contentType" },
    );
  if (input.size > config.MAX_ATTACHMENT_BYTES)
    throw new AppError("payload_too_large", `size: at most ${config.MAX_ATTACHMENT_BYTES} bytes`, {
      field: "size",
    });
  const id = crypto.randomUUID();
  const file: CourseFile = {
    id,
    kind: input.kind,
    filename: input.filename,
    size: input.size,
    contentType: input.contentType,
    key: `courses/${course._id}/files/${id}.${kind.extension}`,
    createdAt: new Date().toISOString(),
  };
  const upload = await services.objects.presignPut(file.key, {
    contentType: input.contentType,
    contentLength: input.size,
    expiresIn: config.UPLOAD_URL_TTL_SECONDS,
  });
  if (!(await services.courses.addFile(course._id, file)))
    throw new AppError("not_found", "No such course");
  return {
    file,
    upload: {
      ...upload,
      expiresAt: new Date(Date.now() + config.UPLOAD_URL_TTL_SECONDS * 1000).toISOString(),
    },
  };
}

export async function courseFileUrl(services: Services, course: CourseRecord, fileId: string) {
  const file = course.files.find((f) => f.id === fileId);
  if (!file) throw new AppError("not_found", "No such file");
  return services.objects.presignGet(file.key, { expiresIn: 300, downloadName: file.filename });
}
