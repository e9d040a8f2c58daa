import { describeError, type Api } from "./api.ts";
import type { Lecture } from "./course-types.ts";
import { uploadCourseFile } from "./course-file-upload.ts";
import { h, notify } from "./dom.ts";
import { stateText } from "./library-view.ts";
import type { Video } from "./types.ts";
import { uploadView } from "./upload-view.ts";

/** One course for its instructors: settings, lecture order, uploads, invites, students, completion. */
export function courseManageView(api: Api, courseId: string): HTMLElement {
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

    const move = async (lecture: Lecture, delta: number) => {
      const ids = lectures.map((l) => l.id);
      const from = ids.indexOf(lecture.id);
      const to = from + delta;
      if (to < 0 || to >= ids.length) return;
      [ids[from], ids[to]] = [ids[to]!, ids[from]!];
      // One section in the console; the API takes any number.
      await api.client.setOutline(courseId, {
        sections: [
          { id: sections[0]?.id, title: sections[0]?.title ?? "Lectures", lectureIds: ids },
        ],
      });
      rerender();
    };

    const moveSelect = (lecture: Lecture) =>
      h(
        "select",
        {
          "aria-label": `Move ${lecture.title} to another course`,
          onchange: async (event: Event) => {
            const target = (event.target as HTMLSelectElement).value;
            if (!target) return;
            await api.client.moveLecture(target, lecture.id);
            rerender();
          },
        },
        h("option", { value: "" }, "Move to…"),
        ...otherCourses.map((c) => h("option", { value: c.id }, c.title)),
      );

    const filePicker = h("input", {
      type: "file",
      accept: "application/pdf",
      "aria-label": "Attach a course file (PDF)",
    });
    filePicker.onchange = () =>
      void uploadCourseFile(api, courseId, filePicker.files?.[0]).then(rerender);

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
            ` used ${invite.uses}× `,
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
      h("h3", {}, "Lectures"),
      h(
        "ol",
        { className: "lectures" },
        ...lectures.map((lecture, i) =>
          h(
            "li",
            { className: `lecture ${lecture.state}`, "data-video-id": lecture.id },
            h("a", { href: `#/videos/${lecture.id}` }, lecture.title),
            h("span", { className: "state" }, stateText(lecture as unknown as Video)),
            h(
              "span",
              { className: "completions" },
              `${completedOf.get(lecture.id) ?? 0}/${completions.students} completed`,
            ),
            otherCourses.length ? moveSelect(lecture) : null,
            h(
              "button",
              {
                type: "button",
                disabled: i === 0,
                "aria-label": `Move ${lecture.title} up`,
                onclick: () => void move(lecture, -1),
              },
              "↑",
            ),
            h(
              "button",
              {
                type: "button",
                disabled: i === lectures.length - 1,
                "aria-label": `Move ${lecture.title} down`,
                onclick: () => void move(lecture, 1),
              },
              "↓",
            ),
          ),
        ),
      ),
      uploadView(api, () => rerender(), courseId),
      h("h3", {}, "Course files"),
      h(
        "ul",
        { className: "attachments" },
        ...course.files.map((file) => h("li", {}, file.filename)),
      ),
      filePicker,
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
      h(
        "ul",
        { className: "students" },
        ...students.items.map((student) =>
          h(
            "li",
            { "data-student-id": student.id },
            `${student.name} <${student.email}> · ${student.completed}/${lectures.length} lectures completed `,
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
