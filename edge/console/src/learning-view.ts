import { describeError, type Api } from "./api.ts";
import { coverImage } from "./course-cover.ts";
import { h, notify } from "./dom.ts";

/**
 * "My learning": the courses a student is enrolled in, each with a progress bar,
 * and the public courses anyone signed in may join.
 */
export function learningView(api: Api): HTMLElement {
  const list = h("ul", { className: "courses", "aria-live": "polite" });
  const catalog = h("ul", { className: "courses catalog", "aria-live": "polite" });
  const load = async () => {
    try {
      const [{ items }, open] = await Promise.all([
        api.client.listCourses("learning"),
        api.client.listCourses("catalog"),
      ]);
      const progress = await Promise.all(
        items.map((course) => api.client.courseProgress(course.id)),
      );
      list.replaceChildren(
        ...items.map((course, i) => {
          const { completed, total } = progress[i]!;
          return h(
            "li",
            { className: "course", "data-course-id": course.id },
            coverImage(api, course),
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
        list.append(
          h(
            "li",
            {},
            "You are not enrolled in any course yet. Open an invite link from your instructor, or join a public course below.",
          ),
        );
      const enrolled = new Set(items.map((course) => course.id));
      const joinable = open.items.filter(
        (course) => !enrolled.has(course.id) && course.access === "view",
      );
      catalog.replaceChildren(
        ...joinable.map((course) =>
          h(
            "li",
            { className: "course", "data-course-id": course.id },
            coverImage(api, course),
            h("span", { className: "title" }, course.title),
            course.description ? h("span", { className: "description" }, course.description) : null,
            h(
              "button",
              {
                type: "button",
                onclick: async () => {
                  try {
                    await api.client.joinCourse(course.id);
                    location.hash = `#/learn/${course.id}`;
                  } catch (err) {
                    notify(describeError(err), "error");
                  }
                },
              },
              `Join ${course.title}`,
            ),
          ),
        ),
      );
      if (joinable.length === 0) catalog.append(h("li", {}, "No other public courses right now."));
    } catch (err) {
      notify(describeError(err), "error");
    }
  };
  void load();
  return h(
    "section",
    { className: "my-learning" },
    h("h2", {}, "My learning"),
    list,
    h("h3", {}, "Public courses you can join"),
    catalog,
  );
}
