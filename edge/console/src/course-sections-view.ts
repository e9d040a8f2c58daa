import type { Api } from "./api.ts";
import type { Course, Lecture } from "./course-types.ts";
import { h } from "./dom.ts";
import { stateText } from "./library-view.ts";
import {
  addSection,
  moveByOne,
  moveToSection,
  removeSection,
  renameSection,
  type OutlineSection,
} from "./outline-edit.ts";
import type { Video } from "./types.ts";

interface SectionsOptions {
  api: Api;
  course: Course;
  completedOf: Map<string, number>;
  students: number;
  /** Other courses a lecture can be moved into. */
  otherCourses: Array<{ id: string; title: string }>;
  rerender: () => void;
}

/** The course's sections and lectures for its instructors: order, sections, moves. */
export function courseSectionsView(options: SectionsOptions): HTMLElement {
  const { api, course, completedOf, students, otherCourses, rerender } = options;
  const sections = course.sections ?? [];
  const outline: OutlineSection[] = sections.map((s) => ({
    id: s.id,
    title: s.title,
    lectureIds: s.lectures.map((l) => l.id),
  }));
  const lectures = sections.flatMap((s) => s.lectures);
  const save = async (next: OutlineSection[] | null) => {
    if (!next) return;
    await api.client.setOutline(course.id, { sections: next });
    rerender();
  };
  const button = (label: string, onclick: () => void, props: Record<string, unknown> = {}) =>
    h("button", { type: "button", onclick, ...props }, label);

  const lectureItem = (lecture: Lecture) => {
    const up = moveByOne(outline, lecture.id, -1);
    const down = moveByOne(outline, lecture.id, 1);
    return h(
      "li",
      { className: `lecture ${lecture.state}`, "data-video-id": lecture.id },
      h("a", { href: `#/videos/${lecture.id}` }, lecture.title),
      h("span", { className: "state" }, stateText(lecture as unknown as Video)),
      students > 0
        ? h(
            "span",
            { className: "completions" },
            `${completedOf.get(lecture.id) ?? 0} of ${students} students completed`,
          )
        : null,
      button("↑", () => void save(up), {
        disabled: !up,
        "aria-label": `Move ${lecture.title} up`,
      }),
      button("↓", () => void save(down), {
        // The last lecture may still go down into an empty section after it.
        disabled: !down,
        "aria-label": `Move ${lecture.title} down`,
      }),
      sections.length > 1
        ? h(
            "select",
            {
              "aria-label": `Section of ${lecture.title}`,
              onchange: (event: Event) =>
                void save(
                  moveToSection(
                    outline,
                    lecture.id,
                    Number((event.target as HTMLSelectElement).value),
                  ),
                ),
            },
            ...sections.map((s, i) =>
              h(
                "option",
                { value: String(i), selected: s.lectures.includes(lecture) },
                `Section: ${s.title}`,
              ),
            ),
          )
        : null,
      otherCourses.length
        ? h(
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
            h("option", { value: "" }, "Move to another course…"),
            ...otherCourses.map((c) => h("option", { value: c.id }, c.title)),
          )
        : null,
    );
  };

  const sectionBlock = (section: (typeof sections)[number], index: number) => {
    const title = h("input", {
      value: section.title,
      maxlength: 200,
      "aria-label": `Title of section ${index + 1}`,
    });
    return h(
      "div",
      { className: "section", "data-section-id": section.id },
      h(
        "form",
        {
          className: "section-title",
          onsubmit: (event: Event) => {
            event.preventDefault();
            void save(renameSection(outline, index, title.value.trim() || section.title));
          },
        },
        title,
        h("button", { type: "submit" }, "Rename section"),
        sections.length > 1
          ? button("Delete section", () => {
              const where = index > 0 ? "the section before it" : "the next section";
              if (section.lectures.length && !confirm(`Its lectures move to ${where}. Delete?`))
                return;
              void save(removeSection(outline, index));
            })
          : null,
      ),
      section.lectures.length
        ? h(
            "ol",
            { className: "lectures", start: lectures.indexOf(section.lectures[0]!) + 1 },
            ...section.lectures.map(lectureItem),
          )
        : h("p", { className: "empty" }, "No lectures in this section yet."),
    );
  };

  return h(
    "div",
    { className: "outline" },
    h("h3", {}, "Lectures"),
    lectures.length === 0
      ? h("p", { className: "empty" }, "No lectures yet: upload a video below.")
      : null,
    ...sections.map(sectionBlock),
    button("Add a section", () => void save(addSection(outline, `Section ${sections.length + 1}`))),
  );
}
