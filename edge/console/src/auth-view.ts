import { describeError, type Api } from "./api.ts";
import { h, notify } from "./dom.ts";

function field(label: string, input: HTMLInputElement | HTMLSelectElement) {
  return h("label", {}, label, input);
}

export function authView(api: Api, onSignedIn: () => void): HTMLElement {
  const email = h("input", {
    type: "email",
    name: "email",
    required: true,
    autocomplete: "username",
  });
  const password = h("input", {
    type: "password",
    name: "password",
    required: true,
    minlength: 10,
    autocomplete: "current-password",
  });
  const login = h(
    "form",
    {
      "aria-label": "Log in",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await api.login(email.value, password.value);
          notify("");
          onSignedIn();
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h2", {}, "Log in"),
    field("E-mail", email),
    field("Password", password),
    h("button", { type: "submit" }, "Log in"),
  );

  const regName = h("input", { name: "name", required: true, autocomplete: "name" });
  const regEmail = h("input", {
    type: "email",
    name: "email",
    required: true,
    autocomplete: "email",
  });
  const regPassword = h("input", {
    type: "password",
    name: "password",
    required: true,
    minlength: 10,
    autocomplete: "new-password",
  });
  const role = h(
    "select",
    { name: "role" },
    h("option", { value: "instructor" }, "Instructor"),
    h("option", { value: "student" }, "Student"),
  );
  const register = h(
    "form",
    {
      "aria-label": "Register",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        try {
          await api.request("POST", "/auth/register", {
            auth: false,
            body: {
              name: regName.value,
              email: regEmail.value,
              password: regPassword.value,
              role: role.value,
            },
          });
          await api.login(regEmail.value, regPassword.value);
          notify("");
          onSignedIn();
        } catch (err) {
          notify(describeError(err), "error");
        }
      },
    },
    h("h2", {}, "Create an account"),
    field("Name", regName),
    field("E-mail", regEmail),
    field("Password (10 characters or more)", regPassword),
    field("I am", role),
    h("button", { type: "submit" }, "Register"),
  );
  return h("section", { className: "auth" }, login, register);
}
