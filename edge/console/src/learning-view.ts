import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";

/** "My learning": the courses a student is enrolled in, each with a progress bar. */
export function learningView(api: Api): HTMLElement {
  const list = h("ul", { className: "courses", "aria-live": "polite" });
  const load = async () => {
    try {
      const { items } = await api.client.listCourses("learning");
      const progress = await Promise.all(
        items.map((course) => api.client.courseProgress(course.id)),
      );
      list.replaceChildren(
        ...items.map((course, i) => {
          const { completed, total } = progress[i]!;
          return h(
            "li",
            { className: "course", "data-course-id": course.id },
            h("a", { href: `#/learn/${course.id}` }, course.title),
            h("progress", {
              max: Math.max(total, 1),
              value: completed,
              "aria-label": `Progress in ${course.title}`,
            }),
            h("span", { className: "stats" }, `${completed} of ${total} lectures completed`),
          );
        }),
      );
      if (items.length === 0)
        list.append(h("li", {}, "Not enrolled in any course yet: open an invite link."));
    } catch (err) {
      notify(describeError(err), "error");
    }
  };
  void load();
  return h("section", { className: "my-learning" }, h("h2", {}, "My learning"), list);
}
