import { describeError, type Api } from "./api.ts";
import { h, mount, notify } from "./dom.ts";

/**
 * Who co-teaches the course. The owner adds colleagues by the e-mail of their
 * instructor account and removes them; co-instructors see the names.
 */
export function coInstructorsView(api: Api, courseId: string, isOwner: boolean): HTMLElement {
  const section = h("div", { className: "co-instructors" });
  const render = async () => {
    const { items } = await api.client.listCoInstructors(courseId);
    const email = h("input", {
      type: "email",
      required: true,
      placeholder: "colleague@example.com",
      "aria-label": "Co-instructor's e-mail",
    });
    mount(
      section,
      h("h3", {}, "Co-instructors"),
      h(
        "ul",
        {},
        ...items.map((person) =>
          h(
            "li",
            { "data-user-id": person.id },
            person.email ? `${person.name} <${person.email}> ` : `${person.name} `,
            isOwner
              ? h(
                  "button",
                  {
                    type: "button",
                    onclick: () =>
                      void api.client
                        .removeCoInstructor(courseId, person.id)
                        .then(render)
                        .catch((err: unknown) => notify(describeError(err), "error")),
                  },
                  `Remove ${person.name}`,
                )
              : null,
          ),
        ),
      ),
      items.length === 0 ? h("p", {}, "Nobody else teaches this course yet.") : null,
      isOwner
        ? h(
            "form",
            {
              "aria-label": "Add a co-instructor",
              onsubmit: async (event: Event) => {
                event.preventDefault();
                try {
                  await api.client.addCoInstructor(courseId, email.value);
                  notify(`${email.value} now teaches this course with you.`);
                  await render();
                } catch (err) {
                  notify(describeError(err), "error");
                }
              },
            },
            h("label", {}, "Add a co-instructor by e-mail ", email),
            h("button", { type: "submit" }, "Add co-instructor"),
          )
        : null,
    );
  };
  void render().catch((err: unknown) => notify(describeError(err), "error"));
  return section;
}
