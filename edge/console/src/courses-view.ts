import { describeError, type Api } from "./api.ts";
import type { Course } from "./course-types.ts";
import { coverImage } from "./course-cover.ts";
import { h, notify } from "./dom.ts";

/** "My courses": the courses an instructor teaches, and a form to start one. */
export function coursesView(api: Api): HTMLElement {
  const list = h("ul", { className: "courses", "aria-live": "polite" });
  const load = async () => {
    try {
      const { items } = await api.client.listCourses("teaching");
      list.replaceChildren(
        ...items.map((course) =>
          h(
            "li",
            { className: "course", "data-course-id": course.id },
            coverImage(api, course),
            h("a", { href: `#/courses/${course.id}` }, course.title),
            h(
              "span",
              { className: "badges" },
              course.published ? "Published" : "Draft",
              " · ",
              course.visibility === "public" ? "Public" : "Private",
            ),
          ),
        ),
      );
      if (items.length === 0)
        list.append(h("li", {}, "No courses yet: give your first one a title below."));
    } catch (err) {
      notify(describeError(err), "error");
    }
  };
  const title = h("input", { name: "title", required: true, maxlength: 200 });
  const visibility = h(
    "select",
    { name: "visibility" },
    h("option", { value: "private" }, "Private (invited students)"),
    h("option", { value: "public" }, "Public (anyone signed in)"),
  );
  const form = h(
    "form",
    {
      "aria-label": "New course",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          const { course } = await api.client.createCourse({
            title: title.value,
            visibility: visibility.value as Course["visibility"],
          });
          location.hash = `#/courses/${course.id}`;
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h3", {}, "New course"),
    h("label", {}, "Title", title),
    h("label", {}, "Visibility", visibility),
    h("button", { type: "submit" }, "Create course"),
  );
  void load();
  return h("section", { className: "my-courses" }, h("h2", {}, "My courses"), list, form);
}
