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
    h("p", {}, h("a", { href: "#/forgot-password" }, "Forgot your password?")),
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
          // The same answer for a new and a taken address; logging in tells them apart
          // only for the person who knows the password.
          await api.client.register({
            name: regName.value,
            email: regEmail.value,
            password: regPassword.value,
            role: role.value,
          });
          try {
            await api.login(regEmail.value, regPassword.value);
          } catch {
            notify(
              "We could not log you in with these details. If you have an account already, log in or use “Forgot your password?”. We sent an e-mail to the address.",
              "error",
            );
            return;
          }
          notify(
            `Welcome! We sent a link to ${regEmail.value}: follow it to confirm your address.`,
          );
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
