import { describeError, type Api } from "./api.ts";
import { coInstructorsView } from "./co-instructors-view.ts";
import { coverImage } from "./course-cover.ts";
import { uploadCourseFile } from "./course-file-upload.ts";
import { courseSectionsView } from "./course-sections-view.ts";
import { h, notify } from "./dom.ts";
import type { User } from "./types.ts";
import { uploadView } from "./upload-view.ts";

/** One course for its instructors: settings, lecture order, uploads, invites, students, completion. */
export function courseManageView(api: Api, courseId: string, user: User): HTMLElement {
  const section = h("section", { className: "course-manage" }, h("p", {}, "Loading…"));
  let timer: number | undefined;

  const render = async () => {
    const [{ course }, invites, students, completions, teaching] = await Promise.all([
      api.client.getCourse(courseId),
      api.client.listInvites(courseId),
      api.client.listStudents(courseId),
      api.client.completions(courseId),
      api.client.listCourses("teaching"),
    ]);
    const otherCourses = teaching.items.filter((c) => c.id !== courseId);
    const rerender = () =>
      void render().catch((err: unknown) => notify(describeError(err), "error"));
    const sections = course.sections ?? [];
    const lectures = sections.flatMap((s) => s.lectures);
    const completedOf = new Map(completions.lectures.map((l) => [l.id, l.completed]));

    const filePicker = h("input", {
      type: "file",
      accept: "application/pdf",
      "aria-label": "Attach a course file (PDF)",
    });
    filePicker.onchange = () =>
      void uploadCourseFile(api, courseId, filePicker.files?.[0]).then(rerender);
    const coverPicker = h("input", {
      type: "file",
      accept: "image/png,image/jpeg,image/webp",
      "aria-label": "Choose a cover image",
    });
    coverPicker.onchange = async () => {
      const fileId = await uploadCourseFile(api, courseId, coverPicker.files?.[0], "image");
      if (!fileId) return;
      try {
        await api.client.updateCourse(courseId, { coverFileId: fileId });
      } catch (err) {
        notify(describeError(err), "error");
      }
      rerender();
    };

    const toggle = (label: string, change: Record<string, unknown>) =>
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            await api.client.updateCourse(courseId, change);
            rerender();
          },
        },
        label,
      );

    const inviteList = h(
      "ul",
      { className: "invites" },
      ...invites.items
        .filter((invite) => !invite.revoked)
        .map((invite) =>
          h(
            "li",
            {},
            h("input", {
              readonly: true,
              value: invite.url,
              "aria-label": "Invite link",
              size: 60,
            }),
            h(
              "button",
              {
                type: "button",
                onclick: async () => {
                  await navigator.clipboard.writeText(invite.url);
                  notify("Invite link copied");
                },
              },
              "Copy link",
            ),
            ` ${invite.uses} joined with this link `,
            h(
              "button",
              {
                type: "button",
                onclick: async () => {
                  await api.client.revokeInvite(courseId, invite.code);
                  rerender();
                },
              },
              "Revoke",
            ),
          ),
        ),
    );

    const inFlight = lectures.some((l) =>
      ["awaiting_upload", "uploaded", "queued", "processing"].includes(l.state),
    );
    window.clearTimeout(timer);
    // Poll while lectures are processing, but never under a running upload.
    const poll = () => {
      if (!section.isConnected) return;
      if (section.querySelector(".uploads li")) timer = window.setTimeout(poll, 2000);
      else rerender();
    };
    if (inFlight) timer = window.setTimeout(poll, 2000);
    section.replaceChildren(
      h("h2", {}, course.title),
      h("div", { className: "cover-box" }, coverImage(api, course)),
      course.unsorted
        ? h(
            "p",
            { className: "hint" },
            "Videos uploaded outside a course land here. Only you can see them.",
          )
        : h(
            "label",
            { className: "cover-picker" },
            "Cover image (PNG, JPEG or WebP) ",
            coverPicker,
          ),
      h(
        "p",
        { className: "badges" },
        course.published ? "Published" : "Draft",
        " · ",
        course.visibility === "public" ? "Public" : "Private",
        " ",
        course.unsorted
          ? null
          : toggle(course.published ? "Unpublish" : "Publish", { published: !course.published }),
        " ",
        course.unsorted
          ? null
          : toggle(course.visibility === "public" ? "Make private" : "Make public", {
              visibility: course.visibility === "public" ? "private" : "public",
            }),
      ),
      courseSectionsView({
        api,
        course,
        completedOf,
        students: completions.students,
        otherCourses,
        rerender,
      }),
      uploadView(api, () => rerender(), courseId),
      h("h3", {}, "Course files"),
      h(
        "ul",
        { className: "attachments" },
        ...course.files
          .filter((file) => file.kind !== "image")
          .map((file) => h("li", {}, file.filename)),
      ),
      h("label", {}, "Attach a PDF for the whole course ", filePicker),
      course.unsorted ? "" : coInstructorsView(api, courseId, course.ownerId === user.id),
      h("h3", {}, "Invite students"),
      inviteList,
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            await api.client.createInvite(courseId);
            rerender();
          },
        },
        "Create invite link",
      ),
      h("h3", {}, `Students (${students.items.length})`),
      students.items.length === 0
        ? h("p", { className: "empty" }, "No students yet: send them an invite link.")
        : "",
      h(
        "ul",
        { className: "students" },
        ...students.items.map((student) =>
          h(
            "li",
            { "data-student-id": student.id },
            `${student.name} <${student.email}> · ${student.completed} of ${lectures.length} lectures completed `,
            h(
              "button",
              {
                type: "button",
                onclick: async () => {
                  if (!confirm(`Remove ${student.name} from the course?`)) return;
                  await api.client.removeStudent(courseId, student.id);
                  rerender();
                },
              },
              "Remove",
            ),
          ),
        ),
      ),
    );
  };
  void render().catch((err: unknown) => notify(describeError(err), "error"));
  return section;
}
